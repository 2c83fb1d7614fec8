import { createHash } from "node:crypto";

/** The SDK's hashed step ID: sha1 of the user's ID (with `:n` for the n-th repeat), lowercase hex. */
export function hashStepId(id: string): string {
  return createHash("sha1").update(id).digest("hex");
}
