// Realistic (issue #11): services injected into the context by middleware (dependencyInjectionMiddleware).
import { Inngest, dependencyInjectionMiddleware } from "inngest";
import { createClient } from "./services/client";

const services = createClient();
const inngest = new Inngest({ id: "deps", middleware: [dependencyInjectionMiddleware({ services })] });

export const provisionTenant = inngest.createFunction(
  { id: "provision-tenant", triggers: [{ event: "tenants/created" }] },
  async ({ event, step, services }) => {
    const tenant = await step.run("create-tenant", () => services.tenants.create({ name: event.data.name }));
    await services.audit.record({ action: "tenant.created", tenantId: tenant.id }); // expect: side-effect-outside-step
    await step.run("create-admin", () => services.users.create({ tenantId: tenant.id, email: event.data.adminEmail }));
  },
);

export const deprovisionTenant = inngest.createFunction(
  { id: "deprovision-tenant", triggers: [{ event: "tenants/deleted" }] },
  async ({ event, step, services }) => {
    const tenant = await services.tenants.get(event.data.tenantId); // expect: side-effect-outside-step
    if (!tenant || tenant.deletedAt) return;
    await step.run("delete-data", () => services.tenants.purge(tenant.id));
    await step.run("audit-delete", () => services.audit.record({ action: "tenant.deleted", tenantId: tenant.id }));
  },
);
