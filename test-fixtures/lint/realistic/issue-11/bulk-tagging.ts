// Realistic (issue #11): bulk operations over lists — forEach with async callbacks drops the step promises.
import { Inngest } from "inngest";
import { crm } from "./services/crm";

const inngest = new Inngest({ id: "crm" });

export const tagContacts = inngest.createFunction(
  { id: "tag-contacts", triggers: [{ event: "crm/contacts.tag" }] },
  async ({ event, step }) => {
    const contactIds: string[] = event.data.contactIds;
    contactIds.forEach(async (id) => { // expect: unawaited-step
      await step.run(`tag-${id}`, () => crm.contacts.addTag(id, event.data.tag));
    });
    await step.sendEvent("tagged", { name: "crm/contacts.tagged", data: { count: contactIds.length } });
  },
);

export const untagContacts = inngest.createFunction(
  { id: "untag-contacts", triggers: [{ event: "crm/contacts.untag" }] },
  async ({ event, step }) => {
    const contactIds: string[] = event.data.contactIds;
    // Correct: map + Promise.all keeps every promise.
    await Promise.all(
      contactIds.map(async (id) => {
        await step.run(`untag-${id}`, () => crm.contacts.removeTag(id, event.data.tag));
      }),
    );
  },
);

export const mergeDuplicates = inngest.createFunction(
  { id: "merge-duplicates", triggers: [{ event: "crm/duplicates.found" }] },
  async ({ event, step }) => {
    const pairs: Array<{ keep: string; drop: string }> = event.data.pairs;
    // Correct: a sequential loop awaits each step.
    for (const pair of pairs) {
      await step.run(`merge-${pair.keep}-${pair.drop}`, () => crm.contacts.merge(pair.keep, pair.drop));
    }
    pairs.forEach((pair) => console.log(`merged ${pair.drop} into ${pair.keep}`));
  },
);

export const scoreLeads = inngest.createFunction(
  { id: "score-leads", triggers: [{ event: "crm/leads.rescore" }] },
  async ({ event, step }) => {
    const leadIds: string[] = event.data.leadIds;
    leadIds.forEach(async (leadId, index) => { // expect: unawaited-step
      const score = await step.run(`score-${leadId}`, async () => index * 10);
      await step.run(`save-score-${leadId}`, () => crm.leads.update(leadId, { score }));
    });
    return { queued: leadIds.length };
  },
);

export const archiveLeads = inngest.createFunction(
  { id: "archive-leads", triggers: [{ event: "crm/leads.archive" }] },
  async ({ event, step }) => {
    const leadIds: string[] = event.data.leadIds;
    const archived = await Promise.all(leadIds.map((leadId) => step.run(`archive-${leadId}`, () => crm.leads.archive(leadId))));
    return { archived: archived.length };
  },
);
