import { Inngest } from "inngest";

const inngest = new Inngest({ id: "throws" });
export const fn = inngest.createFunction({ id: "fn", triggers: [{ event: "x/y" }] }, async () => "x");
throw new Error("missing DATABASE_URL");
