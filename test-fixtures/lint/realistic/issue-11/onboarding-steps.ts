// Realistic (issue #11): step IDs reused between a handler and the helpers it calls.
import { Inngest, type GetStepTools } from "inngest";
import { mailer } from "./services/mailer";
import { workspaces } from "./services/workspaces";

const inngest = new Inngest({ id: "onboarding" });
type Step = GetStepTools<typeof inngest>;

async function sendWelcome(step: Step, email: string) {
  await step.run("send-email", () => mailer.send(email, "welcome"));
}

async function createDefaultWorkspace(step: Step, userId: string) {
  const workspace = await step.run("create-workspace", () => workspaces.create({ owner: userId, name: "Personal" })); // expect: duplicate-step-id
  await step.run("seed-workspace", () => workspaces.seed(workspace.id));
  return workspace;
}

async function inviteTeammates(step: Step, workspaceId: string, emails: string[]) {
  for (const email of emails) {
    await step.run("invite", () => workspaces.invite(workspaceId, email));
  }
}

export const onboard = inngest.createFunction(
  { id: "onboard", triggers: [{ event: "app/user.signed-up" }] },
  async ({ event, step }) => {
    await sendWelcome(step, event.data.email);
    const workspace = await createDefaultWorkspace(step, event.data.userId);
    await step.sleep("wait-a-day", "1d");
    await step.run("send-email", () => mailer.send(event.data.email, "tips")); // expect: duplicate-step-id
    await inviteTeammates(step, workspace.id, event.data.invites ?? []);
  },
);

export const teamSetup = inngest.createFunction(
  { id: "team-setup", triggers: [{ event: "app/team.created" }] },
  async ({ event, step }) => {
    await step.run("create-workspace", () => workspaces.create({ owner: event.data.ownerId, name: event.data.name }));
    const workspace = await createDefaultWorkspace(step, event.data.ownerId);
    await inviteTeammates(step, workspace.id, event.data.members);
    await inviteTeammates(step, workspace.id, event.data.guests);
  },
);
