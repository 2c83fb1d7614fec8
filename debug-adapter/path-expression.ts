// The Debug Console's expressions: paths such as `state["update-user"].id`, `event.data.email`,
// `run.calls.step`, `step.output` — read-only lookups, nothing is executed. The Variables view
// names every value by the same kind of path, so what you expand is what you can evaluate.

export class PathExpressionError extends Error {}

export type Segment = string | number;

export function parsePath(expression: string): Segment[] {
  const text = expression.trim();
  const root = text.match(/^[A-Za-z_$][\w$]*/);
  if (!root) throw new PathExpressionError(`"${expression}" is not a path — try state["step-id"], event.data.email, run or step`);
  const segments: Segment[] = [root[0]];
  let i = root[0].length;
  while (i < text.length) {
    const rest = text.slice(i);
    let m: RegExpMatchArray | null;
    if ((m = rest.match(/^\s*\??\.\s*([A-Za-z_$][\w$]*)/))) segments.push(m[1]);
    else if ((m = rest.match(/^\s*(?:\?\.)?\[\s*(\d+)\s*\]/))) segments.push(Number(m[1]));
    else if ((m = rest.match(/^\s*(?:\?\.)?\[\s*"((?:[^"\\]|\\.)*)"\s*\]/)) || (m = rest.match(/^\s*(?:\?\.)?\[\s*'((?:[^'\\]|\\.)*)'\s*\]/))) segments.push(m[1].replace(/\\(.)/g, "$1"));
    else if (/^\s+$/.test(rest)) break;
    else throw new PathExpressionError(`cannot read "${rest.trim()}" in "${expression}" — use .name, ["key"] or [index]`);
    i += m ? m[0].length : rest.length;
  }
  return segments;
}

/** The value at a path; undefined when a step of the path is missing. Throws for an unknown root. */
export function lookup(roots: Record<string, unknown>, [root, ...rest]: Segment[]): unknown {
  if (!(String(root) in roots)) throw new PathExpressionError(`unknown name "${root}" — available: ${Object.keys(roots).join(", ")}`);
  let value: unknown = roots[String(root)];
  for (const segment of rest) {
    if (value === null || value === undefined || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}

export function evaluatePath(expression: string, roots: Record<string, unknown>): unknown {
  return lookup(roots, parsePath(expression));
}

/** Segments back to text: `state["update-user"].id`, `event.data.items[0]`. */
export function formatPath([root, ...rest]: Segment[]): string {
  return rest.reduce<string>((text, s) => (typeof s === "number" ? `${text}[${s}]` : /^[A-Za-z_$][\w$]*$/.test(s) ? `${text}.${s}` : `${text}[${JSON.stringify(s)}]`), String(root));
}
