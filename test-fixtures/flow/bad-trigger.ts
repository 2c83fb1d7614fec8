// A function whose trigger expression Inngest rejects at sync: it is not valid CEL.
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "bad-trigger-app" });

export const brokenIf = inngest.createFunction({ id: "broken-if", triggers: [{ event: "flow/broken", if: "event.data.x ==" }] }, async () => "never");
