// The events this process received through the event API, for Inngest's REST API v1
// (GET /v1/events, GET /v1/events/{eventId}). In memory and bounded: the oldest go first.
import type { InngestEvent } from "./types";

export interface ReceivedEvent {
  internalId: string;
  receivedAt: number;
  event: InngestEvent;
}

export class EventLog {
  private readonly byId = new Map<string, ReceivedEvent>();

  constructor(private readonly capacity = 10_000) {}

  add(received: ReceivedEvent): void {
    this.byId.set(received.internalId, received);
    if (this.byId.size > this.capacity) this.byId.delete(this.byId.keys().next().value!);
  }

  get(internalId: string): ReceivedEvent | undefined {
    return this.byId.get(internalId);
  }

  /** Newest first. */
  newestFirst(): ReceivedEvent[] {
    return [...this.byId.values()].reverse();
  }
}
