// Realistic (issue #11): reads outside steps that decide what the handler does next.
import { Inngest } from "inngest";
import { accounts } from "./services/accounts";
import { featureFlags } from "./services/flags";
import { getSubscription } from "./services/billing";

const inngest = new Inngest({ id: "accounts" });

export const upgradeNudge = inngest.createFunction(
  { id: "upgrade-nudge", triggers: [{ event: "accounts/usage.high" }] },
  async ({ event, step }) => {
    const owner = await accounts.users.find(event.data.ownerId); // expect: side-effect-outside-step
    if (owner.plan !== "pro") return { skipped: "not pro" };
    await step.run("send-nudge", () => accounts.notify(owner.id, "upgrade"));
  },
);

export const trialEnding = inngest.createFunction(
  { id: "trial-ending", triggers: [{ event: "accounts/trial.ending" }] },
  async ({ event, step }) => {
    // Correct: the read is memoized, so every re-invocation takes the same branch.
    const subscription = await step.run("load-subscription", () => getSubscription(event.data.accountId));
    if (subscription.status === "active") return;
    await step.run("send-trial-reminder", () => accounts.notify(event.data.accountId, "trial-ending"));
  },
);

export const betaInvite = inngest.createFunction(
  { id: "beta-invite", triggers: [{ event: "accounts/beta.requested" }] },
  async ({ event, step }) => {
    if (await featureFlags.isEnabled("beta-program", event.data.accountId)) { // expect: side-effect-outside-step
      await step.run("grant-beta", () => accounts.grant(event.data.accountId, "beta"));
    }
  },
);

export const cleanupSeats = inngest.createFunction(
  { id: "cleanup-seats", triggers: [{ event: "accounts/seats.changed" }] },
  async ({ event, step }) => {
    const { seats, used } = await getSubscription(event.data.accountId); // expect: side-effect-outside-step
    const overage = used - seats;
    while (overage > 0 && used > seats) {
      await step.run("remove-seat", () => accounts.removeNewestSeat(event.data.accountId));
      break;
    }
  },
);

export const weeklyDigest = inngest.createFunction(
  { id: "weekly-digest", triggers: [{ cron: "0 9 * * 1" }] },
  async ({ step }) => {
    const recipients = await accounts.digestRecipients();
    // The read is only passed on as data (not branched on): another rule's concern, not this one's.
    await step.run("send-digest", () => accounts.sendDigest(recipients));
  },
);

export const reactivate = inngest.createFunction(
  { id: "reactivate", triggers: [{ event: "accounts/user.returned" }] },
  async ({ event, step }) => {
    const account = await step.run("load-account", () => accounts.get(event.data.accountId));
    const status = account.suspended ? "suspended" : "active";
    await step.run("log-status", () => accounts.log(event.data.accountId, status));
  },
);
