// Invoking a function (`step.invoke`, `POST /invoke/{slug}`): the function an ID names (Inngest's
// function ID, or the slug the SDK syncs it as), the `inngest/function.invoked` event its run gets
// (pkg/event/invoke.go), and the error a `step.invoke` throws when no synced app serves it.
import type { FunctionConfig, InngestEvent, SerializedError } from "./types";

export function functionNamed(functions: readonly FunctionConfig[], id: string | undefined): FunctionConfig | undefined {
  return functions.find((f) => f.id === id || f.slug === id);
}

export function invokedEvent(data: Record<string, unknown> | undefined, functionId: string, correlationId: string): InngestEvent {
  return { name: "inngest/function.invoked", data: { ...(data ?? {}), _inngest: { function_id: functionId, correlation_id: correlationId } } };
}

export function noInvokeTarget(id: string | undefined): SerializedError {
  return { name: "Error", message: `step.invoke: no synced app serves a function "${id}"` };
}
