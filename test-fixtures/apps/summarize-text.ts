// The seed's chunking example: summarize chunks in parallel, then summarize the summaries.
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "signup-flow" });

function splitTextIntoChunks(text: string, size = 40): string[] {
  const chunks: string[] = [];
  for (let i = 0; i < text.length; i += size) chunks.push(text.slice(i, i + size));
  return chunks;
}

const summarizeChunk = (chunk: string) => chunk.split(/\s+/).filter(Boolean).slice(0, 3).join(" ");
const summarizeSummaries = (summaries: string[]) => summaries.join(" / ");

export const fn = inngest.createFunction(
  { id: "summarize-text", triggers: [{ event: "app/text.summarize" }] },
  async ({ event, step }) => {
    const chunks = splitTextIntoChunks(String(event.data.text ?? ""), Number(event.data.chunkSize ?? 40));

    const summaries = await Promise.all(
      chunks.map((chunk, index) => step.run(`summarize-chunk-${index}`, () => summarizeChunk(chunk))),
    );

    return await step.run("summarize-summaries", () => summarizeSummaries(summaries));
  },
);
