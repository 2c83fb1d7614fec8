// Realistic (issue #11, second batch): shared step IDs between a pipeline and its helpers.
import { Inngest, type GetStepTools } from "inngest";
import { media } from "./services/media";

const inngest = new Inngest({ id: "media-pipeline" });
type Tools = GetStepTools<typeof inngest>;

async function makeThumbnail(step: Tools, assetId: string) {
  return step.run("resize", () => media.resize(assetId, 320)); // expect: duplicate-step-id
}

async function makePreview(step: Tools, assetId: string) {
  return step.run("render-preview", () => media.preview(assetId));
}

export const processImage = inngest.createFunction(
  { id: "process-image", triggers: [{ event: "media/image.uploaded" }] },
  async ({ event, step }) => {
    const assetId: string = event.data.assetId;
    await step.run("resize", () => media.resize(assetId, 1920));
    const thumb = await makeThumbnail(step, assetId); // see the helper
    const preview = await makePreview(step, assetId);
    return { thumb, preview };
  },
);

export const processVideo = inngest.createFunction(
  { id: "process-video", triggers: [{ event: "media/video.uploaded" }] },
  async ({ event, step }) => {
    const assetId: string = event.data.assetId;
    const [thumb, preview] = await Promise.all([makeThumbnail(step, assetId), makePreview(step, assetId)]);
    await step.run("transcode", () => media.transcode(assetId));
    return { thumb, preview };
  },
);
