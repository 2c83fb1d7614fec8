// Cases for step-count-limit (see unawaited-step.cases.ts for the format).
const fn = (body: string) => `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
${body}
});`;

export default {
  valid: [
    { name: "a few steps", code: fn(`  await step.run("a", () => 1);
  await step.run("b", () => 2);`) },
    { name: "loop of exactly 1000", code: fn(`  for (let i = 0; i < 1000; i++) await step.run(\`s-\${i}\`, () => i);`) },
    { name: "unknown loop bound", code: fn(`  for (let i = 0; i < event.data.count; i++) await step.run(\`s-\${i}\`, () => i);`) },
    { name: "map over event data", code: fn(`  await Promise.all((event.data.items as number[]).map((n) => step.run(\`n-\${n}\`, () => n)));`) },
    { name: "fan-out with sendEvent", code: fn(`  await step.sendEvent("fan-out", Array.from({ length: 5000 }, (_, i) => ({ name: "job/run", data: { i } })));`) },
    { name: "500 in Promise.all", code: fn(`  await Promise.all(Array.from({ length: 500 }, (_, i) => step.run(\`p-\${i}\`, () => i)));`) },
    { name: "two loops of 400", code: fn(`  for (let i = 0; i < 400; i++) await step.run(\`a-\${i}\`, () => i);
  for (let i = 0; i < 400; i++) await step.run(\`b-\${i}\`, () => i);`) },
    { name: "big loop without steps", code: fn(`  let sum = 0;
  for (let i = 0; i < 100000; i++) sum += i;
  await step.run("sum", () => sum);`) },
    { name: "big loop inside a step", code: fn(`  await step.run("crunch", () => { let s = 0; for (let i = 0; i < 1e6; i++) s += i; return s; });`) },
    { name: "literal array of 3", code: fn(`  for (const region of ["us", "eu", "ap"]) await step.run(\`sync-\${region}\`, () => region);`) },
  ],
  invalid: [
    { name: "for loop of 2000", code: fn(`  for (let i = 0; i < 2000; i++) await step.run(\`s-\${i}\`, () => i); // expect`) },
    { name: "Array.from length 5000 in Promise.all", code: fn(`  await Promise.all(Array.from({ length: 5000 }, (_, i) => step.run(\`p-\${i}\`, () => i))); // expect`) },
    { name: "const bound", code: `
const PAGES = 1500;
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  for (let page = 0; page < PAGES; page++) await step.run(\`page-\${page}\`, () => page); // expect
});` },
    { name: "nested loops 50 × 30", code: fn(`  for (let a = 0; a < 50; a++) {
    for (let b = 0; b < 30; b++) await step.run(\`c-\${a}-\${b}\`, () => a * b); // expect
  }`) },
    { name: "two steps per iteration of 600", code: fn(`  for (let i = 0; i < 600; i++) {
    await step.run(\`load-\${i}\`, () => i); // expect
    await step.run(\`save-\${i}\`, () => i);
  }`) },
    { name: "inclusive bound", code: fn(`  for (let i = 1; i <= 1001; i++) await step.sleep(\`tick-\${i}\`, "1s"); // expect`) },
    { name: "new Array(N).fill().map", code: fn(`  await Promise.all(new Array(1200).fill(0).map((_, i) => step.run(\`x-\${i}\`, () => i))); // expect`) },
    { name: "for-of over a known range", code: fn(`  const ids = Array.from({ length: 3000 }, (_, i) => i);
  for (const id of ids) await step.run(\`id-\${id}\`, () => id); // expect`) },
    { name: "step of 2 over 4000", code: fn(`  for (let i = 0; i < 4000; i += 2) await step.run(\`even-\${i}\`, () => i); // expect`) },
    { name: "forEach over a big literal-length array", code: fn(`  const jobs: Promise<unknown>[] = [];
  Array(2500).fill(null).forEach((_, i) => { jobs.push(step.run(\`j-\${i}\`, () => i)); }); // expect
  await Promise.all(jobs);`) },
  ],
};
