// Realistic (issue #11): helpers that use the SDK's ambient `step` (inngest 4 exports it from the root).
import { Inngest, step } from "inngest";
import { profiles } from "./services/profiles";
import { analytics } from "./services/analytics";

const inngest = new Inngest({ id: "profiles" });

async function refreshAvatar(userId: string) {
  const url = await step.run("fetch-avatar", () => profiles.avatarUrl(userId));
  step.run("store-avatar", () => profiles.saveAvatar(userId, url)); // expect: unawaited-step
  return url;
}

async function syncPreferences(userId: string) {
  const prefs = await step.run("load-preferences", () => profiles.preferences(userId));
  await step.run("push-preferences", () => analytics.identify(userId, prefs));
  return prefs;
}

async function recordSync(userId: string) {
  await analytics.track("profile.synced", { userId }); // expect: side-effect-outside-step
  await step.sleep("settle", "5s");
}

export const syncProfile = inngest.createFunction(
  { id: "sync-profile", triggers: [{ event: "profiles/user.updated" }] },
  async ({ event }) => {
    const userId: string = event.data.userId;
    await refreshAvatar(userId);
    syncPreferences(userId); // expect: unawaited-step
    await recordSync(userId);
  },
);

export const nightlyProfiles = inngest.createFunction(
  { id: "nightly-profiles", triggers: [{ cron: "0 3 * * *" }] },
  async () => {
    const ids = await step.run("changed-profiles", () => profiles.changedSince("yesterday"));
    await Promise.all(ids.map((id: string) => step.run(`refresh-${id}`, () => profiles.refresh(id))));
    await step.sendEvent("done", { name: "profiles/nightly.done", data: { count: ids.length } });
  },
);
