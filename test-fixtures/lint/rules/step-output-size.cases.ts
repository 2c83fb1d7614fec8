// Cases for step-output-size (see unawaited-step.cases.ts for the format).
const fn = (body: string) => `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ event, step }) => {
${body}
});`;

export default {
  valid: [
    { name: "small object", code: fn(`  await step.run("x", () => ({ ok: true, id: event.data.id }));`) },
    { name: "returns a storage key", code: fn(`  await step.run("upload", async () => ({ key: \`uploads/\${event.data.id}\` }));`) },
    { name: "1 MB string", code: fn(`  await step.run("x", () => "a".repeat(1_000_000));`) },
    { name: "unknown size", code: fn(`  await step.run("x", () => JSON.stringify(event.data));`) },
    { name: "big value built but not returned", code: fn(`  await step.run("x", () => { const big = "a".repeat(10_000_000); return big.length; });`) },
    { name: "3 steps of 1 MB", code: fn(`  for (let i = 0; i < 3; i++) await step.run(\`chunk-\${i}\`, () => "a".repeat(1_000_000));`) },
    { name: "small array", code: fn(`  await step.run("x", () => new Array(1000).fill(0));`) },
    { name: "Buffer of 1 MB", code: fn(`  await step.run("x", () => Buffer.alloc(1024 * 1024).length);`) },
    { name: "sleep has no output", code: fn(`  await step.sleep("x", "1d");`) },
    { name: "2 MB in one step", code: fn(`  await step.run("x", () => "b".repeat(2 * 1024 * 1024));`) },
  ],
  invalid: [
    { name: "5 MB string", code: fn(`  await step.run("x", () => "a".repeat(5_000_000)); // expect`) },
    { name: "Buffer of 4 MB", code: fn(`  await step.run("x", () => Buffer.alloc(4 * 1024 * 1024)); // expect`) },
    { name: "array of 2 million numbers", code: fn(`  await step.run("x", () => new Array(2_000_000).fill(123)); // expect`) },
    { name: "const big string returned", code: fn(`  await step.run("x", () => { // expect
    const payload = "z".repeat(6 * 1024 * 1024);
    return payload;
  });`) },
    { name: "Array.from length 1e6 of objects", code: fn(`  await step.run("x", () => Array.from({ length: 1_000_000 }, () => ({ a: 1 }))); // expect`) },
    { name: "ten 1 MB steps in total", code: fn(`  for (let i = 0; i < 10; i++) await step.run(\`chunk-\${i}\`, () => "a".repeat(1_000_000)); // expect`) },
    { name: "object with a huge field", code: fn(`  await step.run("x", () => ({ html: "<p>".repeat(2_000_000) })); // expect`) },
    { name: "async callback", code: fn(`  await step.run("x", async () => "q".repeat(8_000_000)); // expect`) },
    { name: "ai.wrap returning a lot", code: fn(`  await step.ai.wrap("x", async () => "t".repeat(5_000_000)); // expect`) },
    { name: "parallel chunks in total", code: fn(`  await Promise.all(Array.from({ length: 8 }, (_, i) => step.run(\`c-\${i}\`, () => "a".repeat(1_000_000)))); // expect`) },
  ],
};
