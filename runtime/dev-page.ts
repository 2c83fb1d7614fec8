// The Dev Server's page (GET / on the API port).
import { timelinePage, type TimelinePageOptions } from "./timeline-page";

export function devPage(options: TimelinePageOptions): string {
  return timelinePage({ ...options, title: "Stepwise dev" });
}
