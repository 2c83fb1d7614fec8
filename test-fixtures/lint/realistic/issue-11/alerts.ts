// Realistic (issue #11, second batch): alerting — reads that pick a branch, writes, fire-and-forget sends.
import { Inngest } from "inngest";
import { metrics } from "./services/metrics";
import { pagerduty } from "./services/pagerduty";
import { alertsRepo } from "./services/alerts-repo";

const inngest = new Inngest({ id: "alerts" });

export const evaluateAlert = inngest.createFunction(
  { id: "evaluate-alert", triggers: [{ event: "alerts/threshold.check" }] },
  async ({ event, step }) => {
    const rule = await step.run("load-rule", () => alertsRepo.rule(event.data.ruleId));
    const value = await metrics.latest(rule.metric); // expect: side-effect-outside-step
    const breached = value > rule.threshold;
    if (breached) {
      await step.run("open-alert", () => alertsRepo.open(rule.id, value));
      await pagerduty.createIncident({ service: rule.service, title: rule.name }); // expect: side-effect-outside-step
    }
  },
);

export const muteAlert = inngest.createFunction(
  { id: "mute-alert", triggers: [{ event: "alerts/mute" }] },
  async ({ event, step }) => {
    const alert = await step.run("load-alert", () => alertsRepo.get(event.data.alertId));
    switch (alert.state) {
      case "open":
        await step.run("mute", () => alertsRepo.mute(alert.id, event.data.until));
        break;
      default:
        break;
    }
    void inngest.send({ name: "alerts/muted", data: { alertId: alert.id } }); // expect: inngest-send-in-function
  },
);

export async function webhook(payload: { ruleId: string }) {
  void inngest.send({ name: "alerts/threshold.check", data: payload });
  return new Response(null, { status: 202 });
}

export const autoResolve = inngest.createFunction(
  { id: "auto-resolve", triggers: [{ event: "alerts/auto-resolve" }] },
  async ({ event, step }) => {
    await step.sleep("cool-down", "30m");
    const current = await step.run("current-value", () => metrics.latest(event.data.metric));
    if (current < event.data.threshold) {
      await step.run("resolve", () => alertsRepo.resolve(event.data.alertId));
    }
  },
);
