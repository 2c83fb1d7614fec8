// Where a fixture throws, read from its text: the line marked `// throws: <name>` and the column
// of the `new Error` on it (where V8 records the stack), both counted from 1 as stacks count them.
import { readFileSync } from "node:fs";

export interface SourcePosition {
  line: number;
  column: number;
}

export function throwMarker(file: string, name: string): SourcePosition {
  const lines = readFileSync(file, "utf8").split("\n");
  const index = lines.findIndex((l) => l.endsWith(`// throws: ${name}`));
  if (index === -1) throw new Error(`${file} has no line marked "// throws: ${name}"`);
  const column = lines[index].indexOf("new Error");
  if (column === -1) throw new Error(`${file}:${index + 1} (marked ${name}) has no "new Error"`);
  return { line: index + 1, column: column + 1 };
}

/** The line holding `text` (its first occurrence), and the column where `text` starts. */
export function positionOf(file: string, text: string): SourcePosition {
  const lines = readFileSync(file, "utf8").split("\n");
  const index = lines.findIndex((l) => l.includes(text));
  if (index === -1) throw new Error(`${file} does not contain ${JSON.stringify(text)}`);
  return { line: index + 1, column: lines[index].indexOf(text) + 1 };
}
