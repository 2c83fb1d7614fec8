// A user's own Hono app (on Node with @hono/node-server): Inngest at /api/inngest with the SDK's
// hono adapter, and routes that send events with inngest.send().
import { serve as listen } from "@hono/node-server";
import { Hono } from "hono";
import { Inngest } from "inngest";
import { serve } from "inngest/hono";
import { shopFunctions } from "./shop-functions";

const inngest = new Inngest({ id: "hono-shop" });
const app = new Hono();
app.on(["GET", "PUT", "POST"], "/api/inngest", serve({ client: inngest, functions: shopFunctions(inngest) }));
app.post("/signup", async (c) => {
  const body = await c.req.json();
  const { ids } = await inngest.send({ name: "shop/signed-up", data: { email: body.email } });
  return c.json({ ids });
});
app.post("/checkout", async (c) => {
  const { ids } = await inngest.send({ name: "shop/checkout", data: await c.req.json() });
  return c.json({ ids });
});
listen({ fetch: app.fetch, port: Number(process.env.PORT ?? 3000), hostname: "127.0.0.1" }, (info) => console.log(`listening ${info.port}`));
