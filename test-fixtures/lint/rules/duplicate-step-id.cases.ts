// Cases for duplicate-step-id (see unawaited-step.cases.ts for the format).
const fn = (body: string) => `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
${body}
});`;

export default {
  valid: [
    { name: "distinct IDs", code: fn(`  await step.run("a", () => 1);
  await step.run("b", () => 2);`) },
    { name: "one call site in a sequential loop", code: fn(`  for (const item of [1, 2, 3]) await step.run("process", () => item);`) },
    { name: "if / else branches", code: fn(`  if (event.data.vip) await step.run("notify", () => "vip");
  else await step.run("notify", () => "normal");`) },
    { name: "switch cases", code: fn(`  switch (event.data.kind) {
    case "a": await step.run("handle", () => 1); break;
    case "b": await step.run("handle", () => 2); break;
  }`) },
    { name: "conditional expression", code: fn(`  await (event.data.fast ? step.run("go", () => 1) : step.run("go", () => 2));`) },
    { name: "indexed IDs in Promise.all", code: fn(`  await Promise.all([1, 2].map((n, i) => step.run(\`n-\${i}\`, () => n)));`) },
    { name: "same ID in two different functions", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => { await step.run("a", () => 1); });
export const g = inngest.createFunction({ id: "g", triggers: [{ event: "e/y" }] }, async ({ step }) => { await step.run("a", () => 1); });` },
    { name: "while loop, awaited each time", code: fn(`  let page = 0;
  while (page < 3) { await step.run("fetch-page", () => page); page++; }`) },
    { name: "dynamic IDs are not compared", code: fn(`  await step.run(\`a-\${event.data.x}\`, () => 1);
  await step.run(\`a-\${event.data.x}\`, () => 2);`) },
    { name: "sleep IDs distinct from run IDs", code: fn(`  await step.run("wait-a", () => 1);
  await step.sleep("wait-b", "1s");`) },
  ],
  invalid: [
    { name: "same ID twice in sequence", code: fn(`  await step.run("charge", () => 1);
  await step.run("charge", () => 2); // expect`) },
    { name: "same ID in two parallel branches", code: fn(`  await Promise.all([
    step.run("sync", () => 1),
    step.run("sync", () => 2), // expect
  ]);`) },
    { name: "one call site in parallel map", code: fn(`  await Promise.all([1, 2, 3].map((n) => step.run("process", () => n))); // expect`) },
    { name: "different tools, same ID", code: fn(`  await step.run("wait", () => 1);
  await step.sleep("wait", "1s"); // expect`) },
    { name: "options object id", code: fn(`  await step.run({ id: "load" }, () => 1);
  await step.run("load", () => 2); // expect`) },
    { name: "const ID reused", code: `
const STEP = "persist";
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run(STEP, () => 1);
  await step.run(STEP, () => 2); // expect
});` },
    { name: "loop that starts steps without awaiting", code: fn(`  const jobs: Promise<number>[] = [];
  for (let i = 0; i < 3; i++) jobs.push(step.run("job", () => i)); // expect
  await Promise.all(jobs);`) },
    { name: "Array.from callback", code: fn(`  await Promise.all(Array.from({ length: 3 }, () => step.run("tick", () => 1))); // expect`) },
    { name: "two IIFE branches with the same ID", code: fn(`  await Promise.all([
    (async () => { await step.run("write", () => 1); })(),
    (async () => { await step.run("write", () => 2); })(), // expect
  ]);`) },
    { name: "after an if without else", code: fn(`  if (event.data.x) await step.run("audit", () => 1);
  await step.run("audit", () => 2); // expect`) },
    { name: "three uses", code: fn(`  await step.run("x", () => 1);
  await step.run("x", () => 2); // expect
  await step.run("x", () => 3); // expect`) },
  ],
};
