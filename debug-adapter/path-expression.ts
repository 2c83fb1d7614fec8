// The Debug Console's expressions: paths such as `state["update-user"].id`, `event.data.email`,
// `run.calls.step`, `step.output` — read-only lookups, nothing is executed.

export class PathExpressionError extends Error {}

type Segment = string | number;

export function parsePath(expression: string): Segment[] {
  const text = expression.trim();
  const root = text.match(/^[A-Za-z_$][\w$]*/);
  if (!root) throw new PathExpressionError(`"${expression}" is not a path — try state["step-id"], event.data.email, run or step`);
  const segments: Segment[] = [root[0]];
  let i = root[0].length;
  while (i < text.length) {
    const rest = text.slice(i);
    let m: RegExpMatchArray | null;
    if ((m = rest.match(/^\s*\.\s*([A-Za-z_$][\w$]*)/))) segments.push(m[1]);
    else if ((m = rest.match(/^\s*\[\s*(\d+)\s*\]/))) segments.push(Number(m[1]));
    else if ((m = rest.match(/^\s*\[\s*"((?:[^"\\]|\\.)*)"\s*\]/)) || (m = rest.match(/^\s*\[\s*'((?:[^'\\]|\\.)*)'\s*\]/))) segments.push(m[1].replace(/\\(.)/g, "$1"));
    else throw new PathExpressionError(`cannot read "${rest.trim()}" in "${expression}" — use .name, ["key"] or [index]`);
    i += m[0].length;
  }
  return segments;
}

export function evaluatePath(expression: string, roots: Record<string, unknown>): unknown {
  const [root, ...rest] = parsePath(expression);
  if (!(String(root) in roots)) throw new PathExpressionError(`unknown name "${root}" — available: ${Object.keys(roots).join(", ")}`);
  let value: unknown = roots[String(root)];
  for (const segment of rest) {
    if (value === null || value === undefined || typeof value !== "object") return undefined;
    value = (value as Record<string | number, unknown>)[segment];
  }
  return value;
}
