// Loaded asynchronously, as configuration from a secret store would be.
import { defaults, type Config } from "./defaults";

export async function loadConfig(): Promise<Config> {
  await new Promise((resolve) => setTimeout(resolve, 5));
  return { ...defaults, greeting: "hello" };
}
