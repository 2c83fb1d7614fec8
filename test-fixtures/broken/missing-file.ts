// A module that imports one of its own files that does not exist.
import { Inngest } from "inngest";
import { helper } from "./not-there";

const inngest = new Inngest({ id: "missing-file" });
export const fn = inngest.createFunction({ id: "fn", triggers: [{ event: "x/y" }] }, async () => helper());
