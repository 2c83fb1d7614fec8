// A module with top-level await whose other file does not compile.
import { Inngest } from "inngest";
import { value } from "./syntax-error";

const inngest = new Inngest({ id: "tla-syntax" });
await Promise.resolve(value);
export const fn = inngest.createFunction({ id: "fn", triggers: [{ event: "x/y" }] }, async () => "x");
