// Realistic (issue #11): deliberate fire-and-forget sends, and destructuring inside steps.
import { Inngest } from "inngest";
import { db } from "./services/db";

const inngest = new Inngest({ id: "signup" });

export async function POST(request: Request) {
  const body = await request.json();
  const user = await db.users.create({ data: { email: body.email } });
  // Analytics may be lost; the signup must not wait for it.
  void inngest.send({ name: "analytics/user.signed-up", data: { userId: user.id } });
  await inngest.send({ name: "app/user.created", data: { userId: user.id } });
  return Response.json({ id: user.id });
}

export async function trackPageView(path: string) {
  void inngest.send({ name: "analytics/page.viewed", data: { path } });
  inngest.send({ name: "analytics/page.timed", data: { path } }); // expect: unawaited-send
}

export const enrich = inngest.createFunction(
  { id: "enrich-user", triggers: [{ event: "app/user.created" }] },
  async ({ event, step }) => {
    let company = "";
    let title = "";
    await step.run("lookup-profile", async () => {
      ({ company = "unknown", title = "unknown" } = await db.profiles.lookup(event.data.userId)); // expect: mutation-in-step
    });
    let first: string | undefined;
    let rest: string[] = [];
    await step.run("split-name", async () => {
      [first = "", ...rest] = String(event.data.name).split(" "); // expect: mutation-in-step
    });
    const profile = await step.run("lookup-profile-2", async () => {
      const { company: c = "unknown", title: t = "unknown" } = await db.profiles.lookup(event.data.userId);
      return { company: c, title: t };
    });
    return { company, title, first, rest, profile };
  },
);
