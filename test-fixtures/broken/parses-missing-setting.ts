// A runtime SyntaxError while loading (JSON.parse of a setting that is not set): it is no syntax
// mistake in the file, and is reported as a throw at its TypeScript line.
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "parses-missing-setting" });
const settings = JSON.parse(process.env.STEPWISE_FIXTURE_UNSET_SETTINGS as string) as { greeting: string };
export const fn = inngest.createFunction({ id: "fn", triggers: [{ event: "x/y" }] }, async () => settings.greeting);
