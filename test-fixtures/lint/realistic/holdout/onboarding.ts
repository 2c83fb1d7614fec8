// Realistic (held out): onboarding with helpers and the ctx form.
import { Inngest, type GetStepTools } from "inngest";
import { nanoid } from "nanoid";

const inngest = new Inngest({ id: "onboarding" });

function welcomeSubject(name: string) {
  return `Welcome, ${name}!`;
}

async function sendWelcome(step: GetStepTools<typeof inngest>, email: string, name: string) {
  await step.run("send-welcome", async () => ({ email, subject: welcomeSubject(name) }));
}

async function scheduleTips(step: GetStepTools<typeof inngest>) {
  step.sleep("wait-a-day", "1d"); // expect: unawaited-step
  await step.run("send-tips", async () => ({ ok: true }));
}

export const onboard = inngest.createFunction(
  { id: "onboard-user", triggers: [{ event: "app/user.created" }] },
  async (ctx) => {
    const { event } = ctx;
    await sendWelcome(ctx.step, event.data.email, event.data.name);
    await scheduleTips(ctx.step);
    const inviteCode = await ctx.step.run("invite-code", () => nanoid());
    await ctx.step.run(`store-invite-${inviteCode}`, async () => ({ inviteCode }));
    const trialEnds = new Date(event.ts ?? 0);
    await ctx.step.sleepUntil("trial-end", new Date(trialEnds.getTime() + 14 * 86_400_000));
    await ctx.step.run("store-invite", async () => ({ again: true }));
    await ctx.step.run("store-invite", async () => ({ twice: true })); // expect: duplicate-step-id
  },
);

export const teamInvite = inngest.createFunction(
  { id: "team-invite", triggers: [{ event: "app/team.invited" }] },
  async ({ event, step: s }) => {
    const token = nanoid(); // expect: nondeterminism-outside-step
    await s.run("save-token", async () => ({ token }));
    s.run("audit", async () => ({ invited: event.data.email })); // expect: unawaited-step
  },
);
