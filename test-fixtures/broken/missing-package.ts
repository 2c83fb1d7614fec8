// A module that imports a package that is not installed.
import { Inngest } from "inngest";
import { helper } from "@stepwise-fixtures/not-installed";

const inngest = new Inngest({ id: "missing-package" });
export const fn = inngest.createFunction({ id: "fn", triggers: [{ event: "x/y" }] }, async () => helper());
