// Realistic (issue #11): writes made directly in handlers (email, SMS, chat, rows) — repeated on every re-invocation.
import { Inngest } from "inngest";
import { sms } from "./services/sms";
import { slack } from "./services/slack";
import { db } from "./services/db";
import { renderTemplate } from "./services/templates";

const inngest = new Inngest({ id: "notifications" });

export const incidentOpened = inngest.createFunction(
  { id: "incident-opened", triggers: [{ event: "ops/incident.opened" }] },
  async ({ event, step }) => {
    const incident = await step.run("load-incident", () => db.incidents.get(event.data.incidentId));
    await slack.postMessage({ channel: "#incidents", text: `:rotating_light: ${incident.title}` }); // expect: side-effect-outside-step
    await db.incidentEvents.insert({ incidentId: incident.id, kind: "opened" }); // expect: side-effect-outside-step
    const onCall = await step.run("find-on-call", () => db.schedules.onCall(incident.service));
    await step.run("page-on-call", () => sms.send(onCall.phone, incident.title));
  },
);

export const incidentResolved = inngest.createFunction(
  { id: "incident-resolved", triggers: [{ event: "ops/incident.resolved" }] },
  async ({ event, step }) => {
    const summary = await renderTemplate("incident-resolved", event.data);
    await step.run("post-resolution", () => slack.postMessage({ channel: "#incidents", text: summary }));
    await step.run("record-resolution", () => db.incidentEvents.insert({ incidentId: event.data.incidentId, kind: "resolved" }));
  },
);

export const remindAttendees = inngest.createFunction(
  { id: "remind-attendees", triggers: [{ event: "events/meeting.soon" }] },
  async ({ event, step }) => {
    const attendees = await step.run("load-attendees", () => db.attendees.forMeeting(event.data.meetingId));
    for (const attendee of attendees) {
      await sms.send(attendee.phone, `Starting in 10 minutes: ${event.data.title}`); // expect: side-effect-outside-step
    }
    await step.run("mark-reminded", () => db.meetings.update(event.data.meetingId, { reminded: true }));
  },
);

export const escalate = inngest.createFunction(
  { id: "escalate", triggers: [{ event: "ops/incident.stale" }] },
  async ({ event, step }) => {
    await step.sleep("grace-period", "15m");
    const incident = await step.run("reload", () => db.incidents.get(event.data.incidentId));
    if (incident.status === "open") {
      await step.run("escalate-to-manager", () => sms.send(event.data.managerPhone, `Stale: ${incident.title}`));
    }
  },
);
