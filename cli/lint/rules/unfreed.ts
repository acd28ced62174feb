import { Node, SyntaxKind, type SourceFile, type Statement } from "ts-morph";
import { PROMISE_METHODS, RELEASE, type HandleKind } from "../mpi.ts";
import { kindOf, methodCall, ownDescendants, unwrap } from "../resolve.ts";
import type { Report } from "../finding.ts";

const WHAT: Partial<Record<HandleKind, string>> = {
  prequest: "persistent request",
  win: "window",
  file: "file",
  datatype: "datatype",
};

/** What walking a list of statements from a handle's creation found. */
interface Walk {
  /** Control can reach the end of the statements. */
  fallsThrough: boolean;
  /** …and on every path that does, the handle was released. */
  freed: boolean;
  /** Exits (return, break, continue, overwrite) taken while the handle was still live. */
  leaks: { node: Node; how: string }[];
  /** Some path released it (so "never freed" would be wrong). */
  someFree: boolean;
}

/**
 * `unfreed-resource`: a persistent request, window, file or derived datatype that some path through
 * its function leaves without `Free()` / `Close()` (SPEC §4 resource-leak, found statically). A
 * handle that escapes (returned, stored, passed to a non-MPI function, used in a closure) is the
 * caller's business and is not followed. Paths that throw are not counted: an exception ends the
 * rank anyway.
 */
export function checkUnfreed(sf: SourceFile, report: Report): void {
  for (const site of creationSites(sf)) {
    const { name, kind, stmt, node } = site;
    const fn = node.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isSourceFile(a));
    if (!fn || escapes(fn, name)) continue;
    const release = RELEASE[kind] ?? [];
    const w = walkFrom(stmt, name, release);
    const what = `${WHAT[kind]} \`${name}\``;
    const call = release.join("/");
    if (!w.someFree && (w.leaks.length || (w.fallsThrough && !w.freed))) {
      report(node, "unfreed-resource", `${what} is never freed (${call})`);
    } else if (w.leaks.length) {
      const l = w.leaks[0];
      report(node, "unfreed-resource", `${what} is not freed (${call}) on the path that ${l.how} at line ${l.node.getStartLineNumber()}`);
    } else if (w.fallsThrough && !w.freed) {
      report(node, "unfreed-resource", `${what} is freed (${call}) on some paths only`);
    }
  }
}

interface Site {
  name: string;
  kind: HandleKind;
  /** The statement that creates it. */
  stmt: Statement;
  /** Where to report. */
  node: Node;
}

function creationSites(sf: SourceFile): Site[] {
  const out: Site[] = [];
  const tracked = (k: HandleKind) => k in WHAT;
  for (const d of sf.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    const init = d.getInitializer();
    const nameNode = d.getNameNode();
    if (!init || !Node.isIdentifier(nameNode)) continue;
    const k = kindOf(init);
    const stmt = d.getFirstAncestorByKind(SyntaxKind.VariableStatement);
    if (tracked(k) && stmt) out.push({ name: nameNode.getText(), kind: k, stmt, node: nameNode });
  }
  for (const b of sf.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
    if (b.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue;
    const left = b.getLeft();
    if (!Node.isIdentifier(left)) continue;
    const k = kindOf(b.getRight());
    const stmt = b.getParent();
    if (tracked(k) && stmt && Node.isExpressionStatement(stmt)) out.push({ name: left.getText(), kind: k, stmt, node: left });
  }
  return out;
}

/** Walk from just after `stmt` to the end of its function, climbing out of blocks and branches. */
function walkFrom(stmt: Statement, name: string, release: readonly string[]): Walk {
  const leaks: Walk["leaks"] = [];
  let someFree = false;
  let cur: Node = stmt;
  for (;;) {
    const container = cur.getParent();
    if (!container) break;
    const hasList = Node.isBlock(container) || Node.isSourceFile(container) || Node.isCaseClause(container) || Node.isDefaultClause(container);
    if (hasList) {
      const list = container.getStatements();
      const w = walkList(list.slice(list.indexOf(cur as Statement) + 1), name, release, 0);
      leaks.push(...w.leaks);
      someFree ||= w.someFree;
      if (!w.fallsThrough || w.freed) return { ...w, leaks, someFree };
    }
    if (Node.isSourceFile(container)) break;
    // The path goes on after the statement that owns this block.
    let owner: Node = Node.isBlock(container) ? container.getParentOrThrow() : container;
    if (Node.isCaseClause(owner) || Node.isDefaultClause(owner)) owner = owner.getFirstAncestorByKindOrThrow(SyntaxKind.SwitchStatement);
    if (Node.isCatchClause(owner)) owner = owner.getParentOrThrow();
    if (Node.isFunctionLikeDeclaration(owner)) break;
    if (Node.isIterationStatement(owner)) {
      leaks.push({ node: owner, how: "starts the next iteration of the loop" });
      return { fallsThrough: false, freed: false, leaks, someFree };
    }
    if (Node.isBlock(owner) && Node.isBlock(container)) {
      cur = container;
      continue;
    }
    if (Node.isIfStatement(owner)) {
      // Climb to the head of an else-if chain: the path goes on after the whole chain.
      for (;;) {
        const p: Node | undefined = owner.getParent();
        if (!Node.isIfStatement(p) || p.getElseStatement() !== owner) break;
        owner = p;
      }
    }
    if (Node.isIfStatement(owner) || Node.isTryStatement(owner) || Node.isSwitchStatement(owner) || Node.isLabeledStatement(owner)) {
      cur = owner;
      continue;
    }
    break;
  }
  return { fallsThrough: true, freed: false, leaks, someFree };
}

function walkList(stmts: Statement[], name: string, release: readonly string[], loopDepth: number): Walk {
  const leaks: Walk["leaks"] = [];
  let someFree = false;
  for (const s of stmts) {
    const w = walkStmt(s, name, release, loopDepth);
    leaks.push(...w.leaks);
    someFree ||= w.someFree;
    if (w.freed || !w.fallsThrough) return { fallsThrough: w.fallsThrough, freed: w.freed, leaks, someFree };
  }
  return { fallsThrough: true, freed: false, leaks, someFree };
}

const FALL: Walk = { fallsThrough: true, freed: false, leaks: [], someFree: false };

function walkStmt(s: Statement, name: string, release: readonly string[], loopDepth: number): Walk {
  if (Node.isExpressionStatement(s) || Node.isVariableStatement(s)) {
    if (releases(s, name, release)) return { fallsThrough: true, freed: true, leaks: [], someFree: true };
    if (Node.isExpressionStatement(s)) {
      const e = s.getExpression();
      if (Node.isBinaryExpression(e) && e.getOperatorToken().getKind() === SyntaxKind.EqualsToken && e.getLeft().getText() === name) {
        return { fallsThrough: false, freed: false, leaks: [{ node: s, how: `overwrites \`${name}\`` }], someFree: false };
      }
    }
    return FALL;
  }
  if (Node.isReturnStatement(s)) {
    return { fallsThrough: false, freed: false, leaks: [{ node: s, how: "returns" }], someFree: false };
  }
  if (Node.isThrowStatement(s)) return { fallsThrough: false, freed: false, leaks: [], someFree: false };
  if ((Node.isBreakStatement(s) || Node.isContinueStatement(s)) && loopDepth === 0) {
    return { fallsThrough: false, freed: false, leaks: [{ node: s, how: Node.isBreakStatement(s) ? "breaks out of the loop" : "continues the loop" }], someFree: false };
  }
  if (Node.isBlock(s)) return walkList(s.getStatements(), name, release, loopDepth);
  if (Node.isIfStatement(s)) {
    const a = walkStmt(s.getThenStatement(), name, release, loopDepth);
    const elseS = s.getElseStatement();
    const b = elseS ? walkStmt(elseS, name, release, loopDepth) : FALL;
    const through = [a, b].filter((w) => w.fallsThrough);
    return {
      fallsThrough: through.length > 0,
      freed: through.length > 0 && through.every((w) => w.freed),
      leaks: [...a.leaks, ...b.leaks],
      someFree: a.someFree || b.someFree,
    };
  }
  if (Node.isTryStatement(s)) {
    const fin = s.getFinallyBlock();
    if (fin) {
      const f = walkList(fin.getStatements(), name, release, loopDepth);
      if (f.freed) return f;
    }
    const t = walkList(s.getTryBlock().getStatements(), name, release, loopDepth);
    return t;
  }
  if (Node.isIterationStatement(s)) {
    // A loop body may run zero times: its releases are not definite, but its exits are real.
    const body = walkStmt(s.getStatement(), name, release, loopDepth + 1);
    const infinite = (Node.isForStatement(s) && !s.getCondition()) || ((Node.isWhileStatement(s) || Node.isDoStatement(s)) && s.getExpression().getText() === "true");
    const exitsByBreak = s.getStatement().getDescendantsOfKind(SyntaxKind.BreakStatement).length > 0;
    return { fallsThrough: !infinite || exitsByBreak, freed: false, leaks: body.leaks, someFree: body.someFree };
  }
  if (Node.isSwitchStatement(s)) {
    const leaks: Walk["leaks"] = [];
    let someFree = false;
    for (const c of s.getClauses()) {
      const w = walkList(c.getStatements(), name, release, loopDepth + 1);
      leaks.push(...w.leaks);
      someFree ||= w.someFree;
    }
    return { fallsThrough: true, freed: false, leaks, someFree };
  }
  if (Node.isLabeledStatement(s)) return walkStmt(s.getStatement(), name, release, loopDepth);
  return FALL;
}

/** Does this statement call `name.Free()` / `name.Close()` unconditionally? */
function releases(s: Statement, name: string, release: readonly string[]): boolean {
  for (const n of ownDescendants(s)) {
    const mc = methodCall(n);
    if (!mc || !release.includes(mc.name)) continue;
    if (unwrap(mc.receiver).getText() !== name) continue;
    // Conditional forms (`x && x.Free()`, `a ? x.Free() : 0`) are not unconditional.
    const conditional = mc.call.getAncestors().some((a) => {
      if (a === s) return false;
      return Node.isConditionalExpression(a) || (Node.isBinaryExpression(a) && [SyntaxKind.AmpersandAmpersandToken, SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken].includes(a.getOperatorToken().getKind()));
    });
    if (!conditional && mc.call.getFirstAncestor((a) => a === s)) return true;
  }
  return false;
}

/** Is the handle held in `name` handed to someone else (so its release is not this function's job)? */
function escapes(fn: Node, name: string): boolean {
  for (const id of fn.getDescendantsOfKind(SyntaxKind.Identifier)) {
    if (id.getText() !== name) continue;
    const p = id.getParent();
    if (!p) continue;
    if (Node.isPropertyAccessExpression(p) && p.getExpression() === id) {
      // x.method(...) — used, not handed over; but used inside a closure it may be released there.
      if (inNestedFunction(id, fn)) return true;
      continue;
    }
    if (Node.isReturnStatement(p) || Node.isShorthandPropertyAssignment(p) || Node.isPropertyAssignment(p)) return true;
    if (Node.isBinaryExpression(p) && p.getRight() === id) return true;
    if (Node.isVariableDeclaration(p) && p.getInitializer() === id) return true;
    if (Node.isArrayLiteralExpression(p)) {
      const host = p.getParent();
      const mc = host && methodCall(host);
      if (!mc || !isMpiName(mc.name)) return true;
      continue;
    }
    if (Node.isCallExpression(p) && p.getArguments().includes(id)) {
      const mc = methodCall(p);
      if (!mc || !isMpiName(mc.name)) return true;
    }
  }
  return false;
}

function isMpiName(n: string): boolean {
  return /^[A-Z][a-z]*(_[a-z_]+)?$/.test(n) || PROMISE_METHODS.has(n) || n === "Startall";
}

function inNestedFunction(n: Node, fn: Node): boolean {
  for (const a of n.getAncestors()) {
    if (a === fn) return false;
    if (Node.isFunctionLikeDeclaration(a)) return true;
  }
  return false;
}
