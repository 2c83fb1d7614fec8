// Cases for unawaited-send (see unawaited-step.cases.ts for the format).
export default {
  valid: [
    { name: "void is a deliberate fire-and-forget", code: `
export function handler() {
  void inngest.send({ name: "e/x", data: {} });
}` },
    { name: "awaited in a route", code: `
export async function POST() { await inngest.send({ name: "e/x", data: {} }); }` },
    { name: "returned", code: `
export function emit() { return inngest.send({ name: "e/x", data: {} }); }` },
    { name: "gathered", code: `
export async function emitBoth() { await Promise.all([inngest.send({ name: "a/x", data: {} }), inngest.send({ name: "b/x", data: {} })]); }` },
    { name: "stored then awaited", code: `
export async function emit() { const sent = inngest.send({ name: "e/x", data: {} }); await sent; }` },
    { name: "then-chain awaited", code: `
export async function emit() { await inngest.send({ name: "e/x", data: {} }).then((r) => r.ids); }` },
    { name: "another object's send", code: `
const socket = { send: (m: string) => Promise.resolve(m) };
export function ping() { socket.send("ping"); }` },
    { name: "awaited inside a step", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("emit", () => inngest.send({ name: "e/y", data: {} }));
});` },
    { name: "allSettled", code: `
export async function emit() { await Promise.allSettled([inngest.send({ name: "e/x", data: {} })]); }` },
    { name: "arrow returns it", code: `
export const emit = () => inngest.send({ name: "e/x", data: {} });` },
    { name: "imported client awaited", code: `
const client = inngest;
export async function emit() { await client.send({ name: "e/x", data: {} }); }` },
  ],
  invalid: [
    { name: "left floating next to a deliberate void", code: `
export function handler() {
  void inngest.send({ name: "e/x", data: {} });
  inngest.send({ name: "e/y", data: {} });
}`,
      errors: [
        { line: 4, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
export async function handler() {
  void inngest.send({ name: "e/x", data: {} });
  await inngest.send({ name: "e/y", data: {} });
}` },
        ] },
      ] },
    { name: "floating in a route", code: `
export async function POST() {
  inngest.send({ name: "e/x", data: {} });
  return new Response("ok");
}`,
      errors: [
        { line: 3, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
export async function POST() {
  await inngest.send({ name: "e/x", data: {} });
  return new Response("ok");
}` },
        ] },
      ] },
    { name: "floating in an Inngest function", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  inngest.send({ name: "e/y", data: {} });
  await step.run("x", () => 1);
});`,
      errors: [
        { line: 3, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await inngest.send({ name: "e/y", data: {} });
  await step.run("x", () => 1);
});` },
        ] },
      ] },
    { name: "then without await", code: `
export function emit() {
  inngest.send({ name: "e/x", data: {} }).then(() => console.log("sent"));
}`,
      errors: [
        { line: 3, column: 3, messageId: "floating" },
      ] },
    { name: "in a forEach", code: `
export function emitAll(ids: string[]) {
  ids.forEach((id) => inngest.send({ name: "e/x", data: { id } }));
}`,
      errors: [
        { line: 3, column: 23, messageId: "floating" },
      ] },
    { name: "stored but never awaited", code: `
export async function emit() {
  const pending = inngest.send({ name: "e/x", data: {} });
  return "ok";
}`,
      errors: [
        { line: 3, column: 19, messageId: "floating" },
      ] },
    { name: "aliased client", code: `
const client = inngest;
export function emit() {
  client.send({ name: "e/x", data: {} });
}`,
      errors: [
        { line: 4, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
const client = inngest;
export async function emit() {
  await client.send({ name: "e/x", data: {} });
}` },
        ] },
      ] },
    { name: "in a class method", code: `
export class Signup {
  complete(id: string) {
    inngest.send({ name: "user/signed-up", data: { id } });
  }
}`,
      errors: [
        { line: 4, column: 5, messageId: "floating", fixes: [
          { title: "Add await", output: `
export class Signup {
  async complete(id: string) {
    await inngest.send({ name: "user/signed-up", data: { id } });
  }
}` },
        ] },
      ] },
    { name: "client typed as Inngest parameter", code: `
import { Inngest as Client } from "inngest";
export function emit(c: Client) {
  c.send({ name: "e/x", data: {} });
}`,
      errors: [
        { line: 4, column: 3, messageId: "floating", fixes: [
          { title: "Add await", output: `
import { Inngest as Client } from "inngest";
export async function emit(c: Client) {
  await c.send({ name: "e/x", data: {} });
}` },
        ] },
      ] },
    { name: "inside a step callback", code: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("emit", () => {
    inngest.send({ name: "e/y", data: {} });
    return 1;
  });
});`,
      errors: [
        { line: 4, column: 5, messageId: "floating", fixes: [
          { title: "Add await", output: `
export const f = inngest.createFunction({ id: "f", triggers: [{ event: "e/x" }] }, async ({ step }) => {
  await step.run("emit", async () => {
    await inngest.send({ name: "e/y", data: {} });
    return 1;
  });
});` },
        ] },
      ] },
  ],
};
