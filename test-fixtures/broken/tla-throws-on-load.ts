// A module with top-level await (so it loads as ESM) that throws while loading.
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "tla-throws" });
const secrets = await Promise.resolve({ DATABASE_URL: "" });
export const fn = inngest.createFunction({ id: "fn", triggers: [{ event: "x/y" }] }, async () => "x");
if (!secrets.DATABASE_URL) throw new Error("missing DATABASE_URL in the secret store");
