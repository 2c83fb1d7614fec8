// A module with top-level await (so it loads as ESM) that imports a package that is not installed.
import { Inngest } from "inngest";
import { helper } from "@stepwise-fixtures/not-installed";

const inngest = new Inngest({ id: "tla-missing-package" });
await Promise.resolve();
export const fn = inngest.createFunction({ id: "fn", triggers: [{ event: "x/y" }] }, async () => helper());
