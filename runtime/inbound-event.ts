// What Inngest's event API accepts (`POST /e/{key}`), as pkg/api/api.go checks each event of the
// body: its size (pkg/eventstream, consts.AbsoluteMaxEventSize: 3 MiB; measured here as the
// event's JSON, which may differ from the sent text by whitespace), Go's JSON decoding into
// event.Event (field types), then event.NormalizeInbound
// (pkg/event/inbound.go): no internal name (the "inngest/" prefix), `data._inngest` removed, a
// name, and a timestamp between 1980 and 2100 (event.go Validate). The messages are Inngest's.

const FIELD_TYPES: Array<[field: string, goType: string, accepts: (value: unknown) => boolean]> = [
  ["name", "string", (v) => typeof v === "string"],
  ["id", "string", (v) => typeof v === "string"],
  ["data", "map[string]interface {}", (v) => typeof v === "object" && !Array.isArray(v)],
  ["user", "map[string]interface {}", (v) => typeof v === "object" && !Array.isArray(v)],
  ["ts", "int64", (v) => typeof v === "number" && Number.isInteger(v)],
  ["v", "string", (v) => typeof v === "string"],
];

export const MAX_EVENT_BYTES = 3 * 1024 * 1024;
const JAN_1_1980 = Date.UTC(1980, 0, 1);
const JAN_1_2100 = Date.UTC(2100, 0, 1);

/** Go's name for a JSON value's kind, as json.Unmarshal's errors print it. */
function jsonKind(value: unknown): string {
  if (Array.isArray(value)) return "array";
  if (typeof value === "boolean") return "bool";
  return typeof value;
}

export type InboundEvent = { event: Record<string, unknown> } | { error: string };

/** The event as Inngest would store it, or Inngest's error for it. */
export function normalizeInbound(raw: unknown): InboundEvent {
  const bytes = Buffer.byteLength(JSON.stringify(raw) ?? "");
  if (bytes > MAX_EVENT_BYTES) return { error: `Event is over the max size: Max ${MAX_EVENT_BYTES} bytes / Size ${bytes} bytes` };
  if (typeof raw !== "object" || raw === null || Array.isArray(raw)) {
    return raw === null ? { error: "event name is empty" } : { error: `json: cannot unmarshal ${jsonKind(raw)} into Go value of type event.Event` };
  }
  const event = raw as Record<string, unknown>;
  for (const [field, goType, accepts] of FIELD_TYPES) {
    const value = event[field];
    if (value === undefined || value === null || accepts(value)) continue;
    const kind = field === "ts" && typeof value === "number" ? "number " + String(value) : jsonKind(value);
    return { error: `json: cannot unmarshal ${kind} into Go struct field Event.${field} of type ${goType}` };
  }
  const name = typeof event.name === "string" ? event.name : "";
  if (name.toLowerCase().startsWith("inngest/")) return { error: `event name is reserved for internal use: ${name}` };
  if (name === "") return { error: "event name is empty" };
  const ts = typeof event.ts === "number" ? event.ts : 0;
  if (ts !== 0 && ts < JAN_1_1980) return { error: "timestamp is before Jan 1, 1980" };
  if (ts !== 0 && ts > JAN_1_2100) return { error: "timestamp is after Jan 1, 2100" };
  const data = event.data && typeof event.data === "object" ? { ...(event.data as Record<string, unknown>) } : {};
  delete data._inngest;
  return { event: { ...event, data } };
}
