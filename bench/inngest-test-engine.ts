// Runs protocol.ts's many-parallel function with @inngest/test's InngestTestEngine: the
// comparison beside `npm run bench`'s runtime figures. Usage: inngest-test-engine.ts N
import { InngestTestEngine } from "@inngest/test";
import { manyParallel } from "../test-fixtures/apps/protocol";

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 10);
  const engine = new InngestTestEngine({ function: manyParallel as never, events: [{ name: "test/many", data: { n } }] });
  const { result } = await engine.execute();
  const rss = process.resourceUsage().maxRSS / 1024;
  console.log(`result ${JSON.stringify(result)}, peak RSS ${rss.toFixed(0)} MB`);
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
