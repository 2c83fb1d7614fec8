// The trigger event from --event / --event-file (runtime/event-input.ts checks it).
import { existsSync } from "node:fs";
import { StepwiseInputError } from "../runtime/errors";
import { EventInputError, exampleEvent, parseEvent, readEventFile } from "../runtime/event-input";
import type { InngestEvent } from "../runtime/types";

export function readEventInput(json: string | undefined, file: string | undefined, fallback: InngestEvent): InngestEvent {
  if (json !== undefined && file !== undefined) throw new StepwiseInputError("pass either --event or --event-file, not both");
  if (json === undefined && file === undefined) return fallback;
  if (file !== undefined && !existsSync(file)) throw new StepwiseInputError(`no such event file: ${file}`);
  const where = file ?? "--event";
  try {
    const event = file !== undefined ? readEventFile(file, exampleEvent(fallback.name)) : parseEvent(json!, exampleEvent(fallback.name));
    return { ...event, name: event.name ?? fallback.name, data: event.data ?? {} } as InngestEvent;
  } catch (err) {
    if (err instanceof EventInputError) throw new StepwiseInputError(`${where} ${err.message.startsWith('"') ? `: ${err.message}` : err.message}`);
    throw err;
  }
}
