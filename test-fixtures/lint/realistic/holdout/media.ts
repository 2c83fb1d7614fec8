// Realistic (held out): media processing with parallel work and races.
import { Inngest } from "inngest";
import { readFile } from "node:fs/promises";

const inngest = new Inngest({ id: "media" });

export const transcode = inngest.createFunction(
  { id: "transcode", triggers: [{ event: "media/uploaded" }] },
  async ({ event, step, group }) => {
    const renditions = ["1080p", "720p", "480p"];
    const outputs = await Promise.all(
      renditions.map((r) => step.run(`transcode-${r}`, async () => ({ rendition: r, key: `${event.data.key}/${r}` }))),
    );

    const fastest = await group.parallel({ mode: "race" }, () =>
      Promise.race([step.run("cdn-a", async () => "a"), step.run("cdn-b", async () => "b")]),
    );

    const thumb = step.run("thumbnail", async () => `${event.data.key}/thumb.jpg`); // expect: unawaited-step
    return { outputs, fastest };
  },
);

export const moderate = inngest.createFunction(
  { id: "moderate", triggers: [{ event: "media/uploaded" }] },
  async ({ event, step }) => {
    const verdict = await Promise.race([ // expect: promise-race-without-group
      step.run("model-a", async () => "ok"),
      step.run("model-b", async () => "ok"),
    ]);
    const raw = await readFile(`/uploads/${event.data.key}`); // expect: side-effect-outside-step
    await step.run("store-verdict", async () => ({ verdict, size: raw.length }));
  },
);

export const archive = inngest.createFunction(
  { id: "archive", triggers: [{ event: "media/archive" }] },
  async ({ event, step }) => {
    const keys: string[] = event.data.keys;
    for (const key of keys) {
      await step.run("archive-one", async () => ({ key })); // a sequential loop: the SDK numbers it
    }
    await step.run("summarize", async () => {
      await step.sleep("cooldown", "1m"); // expect: nested-step
      return keys.length;
    });
  },
);

export const bulk = inngest.createFunction(
  { id: "bulk-thumbnails", triggers: [{ event: "media/bulk" }] },
  async ({ step }) => {
    await Promise.all(Array.from({ length: 2500 }, (_, i) => step.run(`thumb-${i}`, async () => i))); // expect: step-count-limit
  },
);
