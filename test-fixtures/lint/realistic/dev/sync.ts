// Realistic: CRM sync with helpers and batching.
import { Inngest, type GetStepTools } from "inngest";
import axios from "axios";

const inngest = new Inngest({ id: "crm" });

async function upsertContact(step: GetStepTools<typeof inngest>, contact: { id: string }) {
  return step.run(`upsert-${contact.id}`, async () => ({ id: contact.id }));
}

export const syncContacts = inngest.createFunction(
  { id: "sync-contacts", triggers: [{ event: "crm/sync" }] },
  async ({ event, step }) => {
    const token = await axios.post("https://crm.example.com/oauth", {}); // expect: side-effect-outside-step
    const contacts = await step.run("list", async () => [{ id: "1" }, { id: "2" }]);
    await Promise.all(contacts.map((c) => upsertContact(step, c)));
    const pending = upsertContact(step, { id: "late" }); // expect: unawaited-step
    await step.run(`finish-${Math.random()}`, async () => ({ token: token.status })); // expect: nondeterministic-step-id
  },
);

export const dedupe = inngest.createFunction(
  { id: "dedupe", triggers: [{ event: "crm/dedupe" }] },
  async ({ step }) => {
    const merged = new Map<string, number>();
    await step.run("scan", async () => {
      merged.set("a", 1); // expect: mutation-in-step
    });
    await step.run("scan", async () => merged.size); // expect: duplicate-step-id
  },
);
