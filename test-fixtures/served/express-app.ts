// A user's own Express app: Inngest at /api/inngest with the SDK's express adapter, and a route
// that sends an event with inngest.send(), as apps do. Start it with INNGEST_DEV pointing at the
// Dev Server (or Stepwise) and PORT; it prints "listening <port>".
import express from "express";
import { Inngest } from "inngest";
import { serve } from "inngest/express";
import { shopFunctions } from "./shop-functions";

const inngest = new Inngest({ id: "express-shop" });
const app = express();
app.use(express.json());
app.use("/api/inngest", serve({ client: inngest, functions: shopFunctions(inngest) }));
app.post("/signup", async (req, res) => {
  const { ids } = await inngest.send({ name: "shop/signed-up", data: { email: req.body.email } });
  res.json({ ids });
});
app.post("/checkout", async (req, res) => {
  const { ids } = await inngest.send({ name: "shop/checkout", data: req.body });
  res.json({ ids });
});
const server = app.listen(Number(process.env.PORT ?? 3000), "127.0.0.1", () => {
  const address = server.address();
  console.log(`listening ${typeof address === "object" && address ? address.port : 0}`);
});
