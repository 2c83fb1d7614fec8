// A module that throws a string, not an Error, while loading: there is no stack to point at.
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "throws-string" });
export const fn = inngest.createFunction({ id: "fn", triggers: [{ event: "x/y" }] }, async () => "x");
if (!process.env.STEPWISE_FIXTURE_NEVER_SET) throw "DATABASE_URL is not set";
