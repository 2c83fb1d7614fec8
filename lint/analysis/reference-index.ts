// Every identifier of a file by name, in document order, collected in one walk of the compiler's
// tree. "Where else is this variable used?" then looks only at the same-named identifiers inside
// one scope (a binary search by position) instead of walking the scope again for each variable —
// what keeps a lint linear in the size of the file. Only the matches are wrapped as ts-morph nodes.
import { Node, ts, type Identifier, type SourceFile } from "ts-morph";

export class ReferenceIndex {
  private readonly byName = new Map<string, ts.Identifier[]>();

  constructor(private readonly sourceFile: SourceFile) {
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        const list = this.byName.get(node.text);
        if (list) list.push(node);
        else this.byName.set(node.text, [node]);
        return;
      }
      ts.forEachChild(node, visit);
    };
    visit(sourceFile.compilerNode);
  }

  /** The identifiers inside `container` that refer to the same symbol as `name` (a declaration's name node), `name` excluded. */
  referencesWithin(name: Node, container: Node): Identifier[] {
    if (!Node.isIdentifier(name)) return [];
    const checker = this.sourceFile.getProject().getTypeChecker().compilerObject;
    const symbol = checker.getSymbolAtLocation(name.compilerNode);
    if (!symbol) return [];
    const found: Identifier[] = [];
    for (const candidate of this.within(name.compilerNode.text, container)) {
      if (candidate === name.compilerNode || valueSymbol(checker, candidate) !== symbol) continue;
      const wrapped = this.sourceFile.getDescendantAtPos(candidate.getStart(this.sourceFile.compilerNode));
      if (wrapped && Node.isIdentifier(wrapped)) found.push(wrapped);
    }
    return found;
  }

  /** Identifiers spelled `name` inside `container`, in document order. */
  private within(name: string, container: Node): ts.Identifier[] {
    const list = this.byName.get(name);
    if (!list) return [];
    const from = container.getPos();
    const to = container.getEnd();
    let low = 0;
    let high = list.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (list[middle].pos < from) low = middle + 1;
      else high = middle;
    }
    const found: ts.Identifier[] = [];
    for (let i = low; i < list.length && list[i].end <= to; i++) found.push(list[i]);
    return found;
  }
}

/** For `{ step }` shorthand, the variable `step`, not the property. */
function valueSymbol(checker: ts.TypeChecker, identifier: ts.Identifier): ts.Symbol | undefined {
  const parent = identifier.parent;
  if (parent && ts.isShorthandPropertyAssignment(parent) && parent.name === identifier) return checker.getShorthandAssignmentValueSymbol(parent);
  return checker.getSymbolAtLocation(identifier);
}
