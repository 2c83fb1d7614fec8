// The trigger event from --event / --event-file, checked so that a typo gets one clear line.
import { existsSync, readFileSync } from "node:fs";
import { StepwiseInputError } from "../runtime/errors";
import type { InngestEvent } from "../runtime/types";

export function readEventInput(json: string | undefined, file: string | undefined, fallback: InngestEvent): InngestEvent {
  if (json !== undefined && file !== undefined) throw new StepwiseInputError("pass either --event or --event-file, not both");
  let text = json;
  let where = "--event";
  if (file !== undefined) {
    if (!existsSync(file)) throw new StepwiseInputError(`no such event file: ${file}`);
    text = readFileSync(file, "utf8");
    where = file;
  }
  if (text === undefined) return fallback;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (err) {
    throw new StepwiseInputError(`${where} is not valid JSON (${(err as Error).message}) — pass an object such as '{"name":"${fallback.name}","data":{}}'`);
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
    throw new StepwiseInputError(`${where} must be a JSON object such as '{"name":"${fallback.name}","data":{}}'`);
  }
  const event = parsed as Partial<InngestEvent>;
  if (event.data !== undefined && (typeof event.data !== "object" || event.data === null || Array.isArray(event.data))) {
    throw new StepwiseInputError(`${where}: "data" must be an object`);
  }
  return { ...event, name: typeof event.name === "string" && event.name ? event.name : fallback.name, data: event.data ?? {} } as InngestEvent;
}
