// The seed's first example: two steps run in parallel with Promise.all.
import { Inngest } from "inngest";

const inngest = new Inngest({ id: "signup-flow" });

async function sendEmailTo(email: string): Promise<string> {
  return `email-to-${email}`;
}

const db = {
  async updateUserWithCharge(event: { data: Record<string, unknown> }) {
    return { id: String(event.data.userId ?? "user-1"), charged: event.data.amount ?? 0 };
  },
};

export const fn = inngest.createFunction(
  { id: "post-payment-flow", triggers: [{ event: "stripe/charge.created" }] },
  async ({ event, step }) => {
    // These steps are not awaited and run in parallel when Promise.all is invoked.
    const sendEmail = step.run("confirmation-email", async () => {
      const emailID = await sendEmailTo(String(event.data.email ?? "someone@example.com"));
      return emailID;
    });

    const updateUser = step.run("update-user", async () => {
      return db.updateUserWithCharge(event);
    });

    const [emailID, updates] = await Promise.all([sendEmail, updateUser]);

    return { emailID, updates };
  },
);
