// Counts how many times the module graph was evaluated in this process: it must be once.
const counter = globalThis as { __stepwiseFixtureLoads?: number };

export function countLoad(): number {
  counter.__stepwiseFixtureLoads = (counter.__stepwiseFixtureLoads ?? 0) + 1;
  return counter.__stepwiseFixtureLoads;
}
