// Realistic (held out): reporting jobs — mostly correct code, a few mistakes.
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "reports" });

const sleepMs = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const nightly = inngest.createFunction(
  { id: "nightly-report", triggers: [{ cron: "0 2 * * *" }] },
  async ({ step }) => {
    const regions = ["us", "eu", "ap"];
    const perRegion = await Promise.all(regions.map((region, i) => step.run(`region-${i}`, async () => ({ region, total: 0 }))));
    const merged = await step.run("merge", async () => perRegion.reduce((a, r) => a + r.total, 0));
    await step.sendEvent("report-ready", { name: "reports/ready", data: { merged } });
    return merged;
  },
);

export const exportCsv = inngest.createFunction(
  { id: "export-csv", triggers: [{ event: "reports/export" }] },
  async ({ event, step }) => {
    const pages = await step.run("count-pages", async () => Number(event.data.pages ?? 1));
    const chunks: Promise<string>[] = [];
    for (let p = 0; p < pages; p++) chunks.push(step.run(`page-${p}`, async () => `rows of ${p}`));
    const parts = await Promise.all(chunks);
    await step.run("upload", async () => {
      await sleepMs(1);
      return { key: `exports/${event.data.id}.csv`, parts: parts.length };
    });
  },
);

export const snapshot = inngest.createFunction(
  { id: "snapshot", triggers: [{ event: "reports/snapshot" }] },
  async ({ step }) => {
    await step.run("dump", async () => "x".repeat(6 * 1024 * 1024)); // expect: step-output-size
    const startedAt = Date.now(); // expect: nondeterminism-outside-step
    await step.run("log-duration", async () => Date.now() - startedAt);
  },
);

export const cleanup = inngest.createFunction(
  { id: "cleanup", triggers: [{ event: "reports/cleanup" }] },
  async ({ event, step }) => {
    const ids: string[] = event.data.ids;
    await Promise.all(ids.map((id) => step.run("delete-report", async () => ({ id })))); // expect: duplicate-step-id
    void step.run("notify-owner", async () => ({ done: true })); // expect: unawaited-step
  },
);
