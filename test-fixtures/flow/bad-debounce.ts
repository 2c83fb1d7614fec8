// A function whose flow-control option Inngest rejects at sync: a debounce shorter than 1 s.
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "bad-flow-app" });

export const tooFast = inngest.createFunction({ id: "too-fast", debounce: { period: "10ms" as "1s" /* a JavaScript app has no types to stop it */ }, triggers: [{ event: "flow/too-fast" }] }, async () => "never");
