// Realistic: notifications with fan-out and reminders.
import { Inngest, type GetStepTools } from "inngest";

const inngest = new Inngest({ id: "notify" });
type Steps = GetStepTools<typeof inngest>;

async function sendPush(step: Steps, userId: string) {
  return step.run(`push-${userId}`, async () => ({ userId, delivered: true }));
}

export const broadcast = inngest.createFunction(
  { id: "broadcast", triggers: [{ event: "notify/broadcast" }] },
  async ({ event, step }) => {
    const userIds: string[] = event.data.userIds;
    userIds.forEach((id) => sendPush(step, id)); // expect: unawaited-step
    await inngest.send({ name: "notify/broadcast.done", data: { count: userIds.length } }); // expect: inngest-send-in-function
  },
);

export const reminder = inngest.createFunction(
  { id: "reminder", triggers: [{ event: "notify/reminder" }] },
  async ({ event, step }) => {
    const reply = await Promise.race([ // expect: promise-race-without-group
      step.waitForEvent("wait-reply", { event: "notify/replied", timeout: "2d", if: `async.data.id == '${event.data.id}'` }),
      step.sleep("give-up", "2d"),
    ]);
    if (!reply) {
      await step.run("escalate", async () => ({ escalated: true }));
    }
  },
);

export const digest = inngest.createFunction(
  { id: "digest", triggers: [{ event: "notify/digest" }] },
  async ({ step }) => {
    const items = await step.run("collect", async () => ["a", "b"]);
    await step.run("render", async () => {
      const html = items.join("");
      await step.run("store", async () => html.length); // expect: nested-step
      return html;
    });
  },
);

export async function signupRoute(email: string) {
  inngest.send({ name: "notify/welcome", data: { email } }); // expect: unawaited-send
  return { ok: true };
}
