// The seed's optimizeParallelism example: one step per item, one request per parallel step.
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "my-app" });

const processItem = (item: unknown) => ({ processed: item });

export const fn = inngest.createFunction(
  { id: "process-batch", optimizeParallelism: true, triggers: [{ event: "batch/process" }] },
  async ({ event, step }) => {
    const items = (event.data.items as unknown[] | undefined) ?? Array.from({ length: Number(event.data.count ?? 3) }, (_, i) => i);
    const results = await Promise.all(items.map((item, i) => step.run(`process-${i}`, () => processItem(item))));
    return results;
  },
);
