// setTimeout fires at once for delays past 2^31-1 ms (about 24.8 days) — a sleep of a month or a
// call timeout of 2,147,484 s would end immediately. Long waits are made of chunks.
export const MAX_TIMEOUT_MS = 2 ** 31 - 1;

export interface LongTimeout {
  cancel(): void;
}

export function setLongTimeout(ms: number, fire: () => void): LongTimeout {
  let handle: NodeJS.Timeout;
  const arm = (remaining: number) => {
    const chunk = Math.min(Math.max(0, remaining), MAX_TIMEOUT_MS);
    handle = setTimeout(() => (chunk < remaining ? arm(remaining - chunk) : fire()), chunk);
  };
  arm(ms);
  return { cancel: () => clearTimeout(handle) };
}
