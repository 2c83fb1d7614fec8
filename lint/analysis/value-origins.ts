// Where a collection or a blob of data comes from, for the size advisories: follows a value back
// through variables, `await`, memoized step results (`await step.run("load", () => db.users.findMany())`),
// local helpers' returns and pass-through transforms (`.filter`, `.map`, `Object.values`,
// `Buffer.from`…) to the calls that produced it, and says when one of them reads a whole table or
// listing (nothing bounds how many rows come back) or a whole file.
import { Node, SyntaxKind } from "ts-morph";
import type { FileAnalysis } from "./file-analysis";
import { declarationOf, functionDeclarationOf, importSourceOf, returnedExpressions, unwrap } from "./syntax";

export interface Origin {
  /** The call (or tagged template) that produced the data. */
  node: Node;
  /** How it reads in a message: `db.users.findMany()`, `readFile()`. */
  label: string;
}

/** Properties that hold the payload of a query or download result: `result.rows`, `response.Body`. */
const PAYLOAD_PROPERTIES = new Set(["rows", "data", "items", "Items", "results", "records", "Body", "body", "docs", "hits", "values", "list", "objects", "Contents", "files", "entries", "nodes", "edges", "documents"]);
/** Methods and functions that keep every element (or byte) of what they are given. */
const PASS_THROUGH_METHODS = new Set(["map", "flat", "flatMap", "sort", "reverse", "concat", "toSorted", "toReversed", "toArray", "toString", "values", "entries", "keys", "json", "then"]);
const PASS_THROUGH_FUNCTIONS = new Set(["Object.values", "Object.keys", "Object.entries", "Array.from", "Buffer.from", "JSON.parse", "JSON.stringify", "String", "structuredClone", "Uint8Array.from"]);

/** Calls that read a listing or table (their name), checked for a bound in their arguments and chain. */
const LISTING_METHODS = new Set(["findMany", "findAll", "list", "listAll", "getAll", "fetchAll", "all", "scan", "selectAll", "find", "select", "autoPagingToArray"]);
/** A function named for "everything": getAllUsers, listAllOrders, fetchEveryInvoice. */
const EVERYTHING_NAME = /^(get|list|fetch|load|find|read|query|select)(All|Every)[A-Z]/;
/** A name in the chain that bounds or narrows the result. */
const BOUNDING_METHODS = new Set(["where", "limit", "take", "first", "top", "slice", "findFirst", "findUnique", "findOne", "get", "count", "paginate", "page", "filter", "search"]);
/** An option that bounds or narrows the result. */
const BOUNDING_KEYS = /^(where|filter|filters|query|q|take|limit|first|last|top|pageSize|page_size|per_page|perPage|max|maxResults|MaxKeys|MaxItems|Limit|count|size|ids|id|in|search|cursor|before|after|starting_after|ending_before)$/;

/** Calls that hand back a file's (or object's) whole content. */
const WHOLE_CONTENT_METHODS = new Set(["readFile", "readFileSync", "arrayBuffer", "blob", "bytes", "transformToByteArray", "transformToString", "download", "downloadBuffer"]);

export class ValueOrigins {
  constructor(private readonly analysis: FileAnalysis) {}

  /** The calls `expression`'s value comes from, through variables, step results and pass-through transforms. */
  originsOf(expression: Node, depth = 0, seen = new Set<Node>()): Node[] {
    if (depth > 10) return [];
    const node = unwrap(expression);
    if (seen.has(node)) return [];
    seen.add(node);
    if (Node.isAwaitExpression(node)) return this.originsOf(node.getExpression(), depth + 1, seen);
    if (Node.isIdentifier(node)) return this.originsOfVariable(node, depth, seen);
    if (Node.isPropertyAccessExpression(node)) return PAYLOAD_PROPERTIES.has(node.getName()) ? this.originsOf(node.getExpression(), depth + 1, seen) : [];
    if (Node.isArrayLiteralExpression(node)) {
      return node.getElements().flatMap((e) => (Node.isSpreadElement(e) ? this.originsOf(e.getExpression(), depth + 1, seen) : []));
    }
    if (Node.isTaggedTemplateExpression(node)) return [node];
    if (!Node.isCallExpression(node)) return [];
    const stepCall = this.analysis.steps.stepCallOf(node);
    if (stepCall) {
      // A memoized step result is what its callback returned.
      return stepCall.callback ? returnedExpressions(stepCall.callback).flatMap((r) => this.originsOf(r, depth + 1, seen)) : [];
    }
    const callee = unwrap(node.getExpression());
    const calleeText = callee.getText().replace(/\s+/g, "");
    if (PASS_THROUGH_FUNCTIONS.has(calleeText)) {
      const first = node.getArguments()[0];
      return first ? this.originsOf(first, depth + 1, seen) : [];
    }
    if (Node.isPropertyAccessExpression(callee)) {
      const name = callee.getName();
      if (BOUNDING_METHODS.has(name) && !LISTING_METHODS.has(name)) return [];
      if (PASS_THROUGH_METHODS.has(name)) return [node, ...this.originsOf(callee.getExpression(), depth + 1, seen)];
      return [node];
    }
    const helper = functionDeclarationOf(callee);
    if (helper && !this.analysis.isStepBearing(helper)) return [node, ...returnedExpressions(helper).flatMap((r) => this.originsOf(r, depth + 1, seen))];
    return [node];
  }

  private originsOfVariable(identifier: Node, depth: number, seen: Set<Node>): Node[] {
    const declaration = declarationOf(identifier);
    if (!declaration || declaration.getSourceFile() !== this.analysis.sourceFile) return [];
    // `const { rows } = await db.query(…)`: the destructured payload of what the initializer returns.
    const variable = Node.isBindingElement(declaration) ? declaration.getFirstAncestorByKind(SyntaxKind.VariableDeclaration) : declaration;
    if (!variable || !Node.isVariableDeclaration(variable)) return [];
    const loop = variable.getParent()?.getParent();
    if (loop && (Node.isForOfStatement(loop) || Node.isForInStatement(loop))) return []; // one element, not the collection
    const init = variable.getInitializer();
    return init ? this.originsOf(init, depth + 1, seen) : [];
  }

  /** A read that returns every row of a table or listing: nothing in its arguments or chain bounds it. */
  unboundedListing(expression: Node): Origin | undefined {
    for (const origin of this.originsOf(expression)) {
      const found = unboundedListingAt(origin);
      if (found) return found;
    }
    return undefined;
  }

  /** A read that returns a whole file's (or stored object's) content. */
  wholeContent(expression: Node): Origin | undefined {
    for (const origin of this.originsOf(expression)) {
      if (!Node.isCallExpression(origin)) continue;
      const callee = unwrap(origin.getExpression());
      const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : Node.isIdentifier(callee) ? importedNameOf(callee) : undefined;
      if (name && WHOLE_CONTENT_METHODS.has(name)) return { node: origin, label: `${callee.getText().replace(/\s+/g, "")}()` };
    }
    return undefined;
  }
}

function importedNameOf(identifier: Node): string {
  return importSourceOf(identifier)?.importedName ?? identifier.getText();
}

function unboundedListingAt(origin: Node): Origin | undefined {
  if (Node.isTaggedTemplateExpression(origin)) {
    const text = origin.getTemplate().getText();
    return isUnboundedSelect(text) ? { node: origin, label: `the query ${abbreviate(text)}` } : undefined;
  }
  if (!Node.isCallExpression(origin)) return undefined;
  const chain = callChain(origin);
  const names = chain.map((c) => c.name);
  const label = `${unwrap(origin.getExpression()).getText().replace(/\s+/g, "")}()`;
  // SQL: `db.query("select * from users")` — no WHERE, no LIMIT.
  const sql = chain.flatMap((c) => c.args).find((a) => Node.isStringLiteral(a) || Node.isNoSubstitutionTemplateLiteral(a) || Node.isTemplateExpression(a));
  if (sql && /^\s*["'`]\s*select\b/i.test(sql.getText())) {
    return isUnboundedSelect(sql.getText()) ? { node: origin, label: `the query ${abbreviate(sql.getText())}` } : undefined;
  }
  if (names.some((n) => BOUNDING_METHODS.has(n) && !LISTING_METHODS.has(n))) return undefined;
  if (chain.some((c) => c.args.some(hasBoundingOption))) return undefined;
  const last = names[names.length - 1] ?? "";
  if (EVERYTHING_NAME.test(last)) return { node: origin, label };
  const listing = names.find((n) => LISTING_METHODS.has(n));
  if (!listing) return undefined;
  // `find`/`select` list only when given no filter at all: `collection.find()`, `collection.find({})`
  // (`items.find((x) => …)` is an array's find: one element).
  const listingCall = chain.find((c) => c.name === listing)!;
  if ((listing === "find" || listing === "select") && listingCall.args.some((a) => !isEmptyObject(a))) return undefined;
  if (!listingCall.isMethod) return undefined; // a bare find()/list() function of the app's: its name says too little
  return { node: origin, label };
}

/** The calls along `a.b(x).c(y)`: [{ name: "b", args: [x] }, { name: "c", args: [y] }], first call first. */
function callChain(call: Node): Array<{ name: string; args: Node[]; isMethod: boolean }> {
  const chain: Array<{ name: string; args: Node[]; isMethod: boolean }> = [];
  let current: Node = call;
  for (let i = 0; i < 10 && Node.isCallExpression(current); i++) {
    const callee = unwrap(current.getExpression());
    const isMethod = Node.isPropertyAccessExpression(callee);
    const name = Node.isPropertyAccessExpression(callee) ? callee.getName() : Node.isIdentifier(callee) ? callee.getText() : "";
    chain.unshift({ name, args: current.getArguments(), isMethod });
    current = Node.isPropertyAccessExpression(callee) ? unwrap(callee.getExpression()) : callee;
    while (Node.isPropertyAccessExpression(current)) current = unwrap(current.getExpression());
  }
  return chain;
}

function hasBoundingOption(arg: Node): boolean {
  const node = unwrap(arg);
  if (Node.isNumericLiteral(node)) return true; // list(50), take(10)
  if (!Node.isObjectLiteralExpression(node)) return false;
  return node.getProperties().some((p) => {
    const name = Node.isPropertyAssignment(p) || Node.isShorthandPropertyAssignment(p) ? p.getName().replace(/^["']|["']$/g, "") : "";
    return BOUNDING_KEYS.test(name);
  });
}

function isEmptyObject(arg: Node): boolean {
  const node = unwrap(arg);
  return Node.isObjectLiteralExpression(node) && node.getProperties().length === 0;
}

function isUnboundedSelect(sql: string): boolean {
  return /\bselect\b[\s\S]*\bfrom\b/i.test(sql) && !/\b(where|limit|top|fetch\s+first|offset)\b/i.test(sql);
}

function abbreviate(text: string): string {
  const oneLine = text.replace(/\s+/g, " ").trim();
  return oneLine.length > 48 ? `${oneLine.slice(0, 47)}…${oneLine[0]}` : oneLine;
}
