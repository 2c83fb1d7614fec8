// An event a person typed or saved (a CLI flag, a file, a launch attribute), checked so that a
// typo gets one clear line: JSON, an object, `data` an object. Callers add where it came from.
import { readFileSync } from "node:fs";
import type { InngestEvent } from "./types";

export class EventInputError extends Error {
  override name = "EventInputError";
}

/** Parses `text` as an event (its `name` may be left out); `example` shows the shape in messages. */
export function parseEvent(text: string, example: string): Partial<InngestEvent> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new EventInputError(`is not valid JSON (${(err as Error).message}) — pass an object such as '${example}'`);
  }
  return checkEvent(parsed, example);
}

export function checkEvent(value: unknown, example: string): Partial<InngestEvent> {
  if (!value || typeof value !== "object" || Array.isArray(value)) throw new EventInputError(`must be a JSON object such as '${example}'`);
  const event = value as Partial<InngestEvent>;
  if (event.name !== undefined && (typeof event.name !== "string" || event.name === "")) throw new EventInputError(`"name" must be a non-empty string such as "app/user.created"`);
  if (event.data !== undefined && (typeof event.data !== "object" || event.data === null || Array.isArray(event.data))) throw new EventInputError(`"data" must be an object`);
  return event;
}

export function readEventFile(file: string, example: string): Partial<InngestEvent> {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (err) {
    throw new EventInputError(`cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
  }
  return parseEvent(text, example);
}

export const exampleEvent = (name: string) => `{"name":"${name}","data":{}}`;
