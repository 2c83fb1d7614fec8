// Realistic (issue #11, second batch): destructuring and mutation inside steps.
import { Inngest } from "inngest";
import { people } from "./services/people";

const inngest = new Inngest({ id: "people" });

export const mergePeople = inngest.createFunction(
  { id: "merge-people", triggers: [{ event: "people/merge" }] },
  async ({ event, step }) => {
    let primary = event.data.a;
    let secondary = event.data.b;
    await step.run("order-by-age", async () => {
      const [older, newer] = await people.orderByCreated(event.data.a, event.data.b);
      [primary, secondary] = [older, newer]; // expect: mutation-in-step
    });
    const merged = await step.run("merge", () => people.merge(primary, secondary));
    const { id, email } = await step.run("load-merged", () => people.get(merged.id));
    return { id, email };
  },
);

export const splitName = inngest.createFunction(
  { id: "split-name", triggers: [{ event: "people/created" }] },
  async ({ event, step }) => {
    const names = await step.run("split", async () => {
      const [first = "", last = ""] = String(event.data.fullName).split(" ");
      return { first, last };
    });
    let initials = "";
    await step.run("initials", async () => {
      initials = `${names.first[0] ?? ""}${names.last[0] ?? ""}`; // expect: mutation-in-step
    });
    return initials;
  },
);
