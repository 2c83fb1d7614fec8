import { randomBytes } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

/** A ULID: 26 characters, sortable by creation time, as Inngest uses for run and event IDs. */
export function ulid(now = Date.now()): string {
  return ulidFrom(now, randomBytes(10));
}

/** The ULID of a time (ms) and 10 bytes of entropy: 48 bits of time, 80 of entropy, Crockford base32. */
export function ulidFrom(millis: number, entropy: Uint8Array): string {
  let time = "";
  for (let t = millis, i = 0; i < 10; i++, t = Math.floor(t / 32)) time = ALPHABET[t % 32] + time;
  let bits = 0n;
  for (const byte of entropy) bits = (bits << 8n) | BigInt(byte);
  let random = "";
  for (let i = 0; i < 16; i++, bits >>= 5n) random = ALPHABET[Number(bits & 31n)] + random;
  return time + random;
}

/**
 * The internal ID Inngest gives the `index`-th event (from 1) of a send, from the SDK's
 * `x-inngest-event-id-seed` header ("<ms>,<base64 of 10 bytes>"): the index is added to the last
 * four bytes (Go: pkg/event/id.go SeededIDFromString). Without a usable seed, a fresh ULID.
 */
export function seededEventId(seed: string | undefined, index: number): string {
  const [millis, encoded] = (seed ?? "").split(",");
  const ms = Number(millis);
  const entropy = encoded ? Buffer.from(encoded, "base64") : Buffer.alloc(0);
  if (!Number.isInteger(ms) || ms <= 0 || entropy.length !== 10 || seed!.split(",").length !== 2) return ulid();
  entropy.writeUInt32BE((entropy.readUInt32BE(6) + index) >>> 0, 6);
  return ulidFrom(ms, entropy);
}
