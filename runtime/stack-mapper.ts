// Maps error stacks from the JavaScript the app host ran back to the user's TypeScript, with the
// source maps the host left in its source-map folder. It runs only when an error is recorded:
// the host itself runs without --enable-source-maps, which doubled the SDK's CPU time.
import { originalPositionFor, TraceMap } from "@jridgewell/trace-mapping";
import { readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { sourceMapPath } from "./source-map-folder";
import type { SerializedError } from "./types";

/** `    at fn (/abs/file.ts:135:11)`, `    at /abs/file.ts:135:11`, `    at async file:///abs/file.ts:1:2`. */
const FRAME = /^(\s*at (?:.+ \()?)((?:file:\/\/)?[^()]+?):(\d+):(\d+)(\)?\s*)$/;

/** Causes nest; the SDK serializes five levels, a hand-made error could loop. */
const MAX_CAUSE_DEPTH = 10;

interface CachedMap {
  /** The map file's identity: the host writes each map anew (a new inode) when it recompiles. */
  ino: number;
  mtimeMs: number;
  size: number;
  map: TraceMap | null;
}

/** How many mapped stacks are remembered, so that one coming back is not mapped twice. */
const REMEMBERED_STACKS = 500;

export class StackMapper {
  private readonly maps = new Map<string, CachedMap>();
  /**
   * Stacks this mapper produced. A step's mapped error goes back to the SDK in the run's state,
   * and the SDK rethrows it as is when the run fails: mapping it again would move its lines.
   */
  private readonly produced = new Set<string>();

  constructor(private readonly folder: string) {}

  /** The stack with every frame in a file the host compiled moved to its TypeScript line and column. */
  mapStack(stack: string): string {
    if (!stack.includes(" at ") || this.produced.has(stack)) return stack;
    const mapped = stack
      .split("\n")
      .map((line) => this.mapFrame(line))
      .join("\n");
    if (mapped !== stack) {
      this.produced.add(mapped);
      if (this.produced.size > REMEMBERED_STACKS) this.produced.delete(this.produced.values().next().value!);
    }
    return mapped;
  }

  /** A copy of the error (and of each cause) with mapped stacks; every other field kept. */
  mapError<T extends SerializedError>(error: T): T {
    const seen = new Set<object>();
    const visit = (value: unknown, depth: number): unknown => {
      if (!value || typeof value !== "object" || Array.isArray(value) || seen.has(value) || depth > MAX_CAUSE_DEPTH) return value;
      seen.add(value);
      const copy: Record<string, unknown> = { ...(value as Record<string, unknown>) };
      if (typeof copy.stack === "string") copy.stack = this.mapStack(copy.stack);
      if (copy.cause !== undefined) copy.cause = visit(copy.cause, depth + 1);
      return copy;
    };
    return visit(error, 0) as T;
  }

  /** The TypeScript position of a compiled one, or null when the file was not compiled by the host. */
  originalPosition(file: string, line: number, column: number): { line: number; column: number } | null {
    const map = this.mapOf(file);
    if (!map) return null;
    const found = originalPositionFor(map, { line, column: column - 1 });
    return found.line === null ? null : { line: found.line, column: found.column + 1 };
  }

  private mapFrame(line: string): string {
    const match = FRAME.exec(line);
    if (!match) return line;
    const [, head, location, lineText, columnText, tail] = match;
    let file = location;
    if (location.startsWith("file://")) {
      try {
        file = fileURLToPath(location);
      } catch {
        return line;
      }
    }
    if (!path.isAbsolute(file)) return line;
    const original = this.originalPosition(file, Number(lineText), Number(columnText));
    return original ? `${head}${location}:${original.line}:${original.column}${tail}` : line;
  }

  /** The host's map for a file, parsed once and again only when the host has compiled it anew. */
  private mapOf(file: string): TraceMap | null {
    const mapFile = sourceMapPath(this.folder, file);
    let stat: { ino: number; mtimeMs: number; size: number };
    try {
      stat = statSync(mapFile);
    } catch {
      this.maps.delete(file);
      return null;
    }
    const cached = this.maps.get(file);
    if (cached && cached.ino === stat.ino && cached.mtimeMs === stat.mtimeMs && cached.size === stat.size) return cached.map;
    let map: TraceMap | null = null;
    try {
      map = new TraceMap(readFileSync(mapFile, "utf8"));
    } catch {
      map = null;
    }
    this.maps.set(file, { ino: stat.ino, mtimeMs: stat.mtimeMs, size: stat.size, map });
    return map;
  }
}
