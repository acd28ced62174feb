import { Node, SyntaxKind, type IfStatement, type SourceFile, type Statement } from "ts-morph";
import { COLLECTIVES, COLLECTIVE_ON } from "../mpi.ts";
import { declarationOf, methodCall, rankDependent, receiverKind, unwrap, type MethodCall } from "../resolve.ts";
import type { Report } from "../finding.ts";

interface Coll {
  name: string;
  node: Node;
}

/**
 * `rank-dependent-collective`: a collective call (Barrier, Bcast, Fence, Win.Create, File.Open,
 * Write_all, …) under an `if` on a rank-derived value whose other branch does not make the same
 * collectives in the same order. Every rank of the communicator must call a collective (MPI 4.1
 * §6.1); the ranks that skip it leave the others waiting — a deadlock or a collective mismatch.
 *
 * An else-if chain with two or more explicit branches and no final `else` is read as enumerating
 * the ranks (`if (rank === 0) … else if (rank === 1) …` on a 2-rank program): its branches are
 * compared with each other, not with the missing `else`. An `if` whose branch always exits
 * (`if (rank !== 0) return;`) is compared with the rest of the block, which only the others run.
 */
export function checkRankCollectives(sf: SourceFile, report: Report): void {
  const grouped = new Set<Node>();
  for (const ifs of sf.getDescendantsOfKind(SyntaxKind.IfStatement)) {
    // Only the head of an else-if chain.
    const parent = ifs.getParent();
    if (Node.isIfStatement(parent) && parent.getElseStatement() === ifs) continue;
    if (grouped.has(ifs)) continue;
    const run = rankCaseRun(ifs);
    run.forEach((r) => grouped.add(r));
    const chain = run.length > 1 ? { conds: run.map((r) => r.getExpression()), bodies: run.map((r) => r.getThenStatement()), hasElse: false } : chainOf(ifs);
    if (!chain.conds.some((c) => rankDependent(c))) continue;
    const cond = ifs.getExpression().getText();
    const branches = chain.bodies.map((b) => collectivesIn(b, new Set()));
    if (!chain.hasElse) {
      const then = chain.bodies[0];
      if (chain.bodies.length === 1 && alwaysExits(then)) {
        // `if (rank-cond) return;`: the rest of the block is the other branch.
        branches.push(collectivesIn(restOfBlock(ifs), new Set()));
      } else if (chain.bodies.length === 1) branches.push([]);
    }
    const sig = (b: Coll[]) => b.map((c) => c.name).join(",");
    const first = sig(branches[0]);
    if (branches.every((b) => sig(b) === first)) continue;
    // Report the first collective that some branch makes and another does not (at the same position).
    const longest = Math.max(...branches.map((b) => b.length));
    for (let i = 0; i < longest; i++) {
      const names = branches.map((b) => b[i]?.name);
      if (names.every((n) => n === names[0])) continue;
      // Blame the branch that differs from the most common choice at this position.
      const count = (x: string | undefined) => names.filter((y) => y === x).length;
      const bi = branches.findIndex((b, j) => b[i] !== undefined && count(names[j]) === Math.min(...names.filter((x) => x !== undefined).map(count)));
      const c = branches[bi][i];
      const others = branches.filter((_, j) => j !== bi).map((b) => b[i]?.name ?? "nothing");
      report(c.node, "rank-dependent-collective", `collective ${c.name}() is called under a rank-dependent branch (\`${short(cond)}\`, line ${ifs.getStartLineNumber()}) where the other branch calls ${[...new Set(others)].map((o) => (o === "nothing" ? "nothing" : `${o}()`)).join(" / ")} instead; every rank must make the same collective calls in the same order`);
      break;
    }
  }
}

/**
 * `if (rank === 0) {…}` followed directly by `if (rank === 1) {…}` (no else): sibling ifs on rank
 * equalities read as one case analysis over the ranks, like an else-if chain.
 */
function rankCaseRun(ifs: IfStatement): IfStatement[] {
  const isCase = (n: Node | undefined): n is IfStatement =>
    Node.isIfStatement(n) && !n.getElseStatement() && /===|==/.test(n.getExpression().getText()) && !/!==|!=/.test(n.getExpression().getText()) && rankDependent(n.getExpression());
  if (!isCase(ifs)) return [ifs];
  const p = ifs.getParent();
  if (!(Node.isBlock(p) || Node.isSourceFile(p))) return [ifs];
  const list = p.getStatements();
  const i = list.indexOf(ifs);
  // A run ends where a condition repeats (`if (rank === 0) …; if (rank === 1) …; if (rank === 0) …` is two analyses).
  let start = i;
  while (start > 0 && isCase(list[start - 1])) start--;
  const runs: IfStatement[][] = [[]];
  for (let j = start; j < list.length && isCase(list[j]); j++) {
    const cur = runs[runs.length - 1];
    const cond = (list[j] as IfStatement).getExpression().getText();
    if (cur.some((r) => r.getExpression().getText() === cond)) runs.push([]);
    runs[runs.length - 1].push(list[j] as IfStatement);
  }
  const mine = runs.find((r) => r.includes(ifs))!;
  return mine[0] === ifs ? mine : [ifs];
}

function short(s: string): string {
  const one = s.replace(/\s+/g, " ");
  return one.length > 40 ? `${one.slice(0, 37)}...` : one;
}

function chainOf(ifs: IfStatement): { conds: Node[]; bodies: Statement[]; hasElse: boolean } {
  const conds: Node[] = [];
  const bodies: Statement[] = [];
  let cur: IfStatement = ifs;
  for (;;) {
    conds.push(cur.getExpression());
    bodies.push(cur.getThenStatement());
    const e = cur.getElseStatement();
    if (!e) return { conds, bodies, hasElse: false };
    if (Node.isIfStatement(e)) cur = e;
    else {
      bodies.push(e);
      return { conds, bodies, hasElse: true };
    }
  }
}

function alwaysExits(s: Statement): boolean {
  if (Node.isReturnStatement(s) || Node.isThrowStatement(s)) return true;
  if (Node.isBlock(s)) {
    const st = s.getStatements();
    return st.length > 0 && alwaysExits(st[st.length - 1]);
  }
  return false;
}

function restOfBlock(ifs: IfStatement): Node[] {
  const p = ifs.getParent();
  if (!(Node.isBlock(p) || Node.isSourceFile(p))) return [];
  const list = p.getStatements();
  return list.slice(list.indexOf(ifs) + 1);
}

/** Collective calls reached from `root` in source order, following calls of local functions (a few levels). */
function collectivesIn(root: Node | Node[], seen: Set<Node>): Coll[] {
  const out: Coll[] = [];
  const visit = (n: Node) => {
    if (Node.isFunctionLikeDeclaration(n)) return; // a closure defined here runs elsewhere
    const mc = methodCall(n);
    // Visit arguments and receivers first: in `await comm.Bcast(await comm.Barrier())` the inner call runs first.
    n.forEachChild(visit);
    if (mc && isCollective(mc)) out.push({ name: mc.name, node: mc.call.getExpression().getLastChildOrThrow() });
    if (Node.isCallExpression(n)) {
      const callee = n.getExpression();
      if (Node.isIdentifier(callee)) {
        const d = declarationOf(callee);
        const body = d && (Node.isFunctionDeclaration(d) ? d : Node.isVariableDeclaration(d) ? d.getInitializer() : undefined);
        if (body && Node.isFunctionLikeDeclaration(body) && !seen.has(body) && seen.size < 8) {
          seen.add(body);
          const inner = collectivesIn(body.getChildren(), seen);
          // Report at the call site: that is the line inside the branch.
          for (const c of inner) out.push({ name: c.name, node: callee });
          seen.delete(body);
        }
      }
    }
  };
  for (const r of Array.isArray(root) ? root : [root]) visit(r);
  return out;
}

/** The communicator a collective runs on, when it can be read from the source. */
function commOf(mc: MethodCall, depth = 0): Node | undefined {
  if (depth > 4) return undefined;
  const recv = unwrap(mc.receiver);
  const args = mc.call.getArguments();
  if (/(^|\.)File$/.test(recv.getText())) return mc.name === "Open" ? args[0] : undefined;
  if (/(^|\.)Win$/.test(recv.getText())) {
    for (const a of args) {
      if (!Node.isObjectLiteralExpression(a)) continue;
      const p = a.getProperty("comm");
      if (p && Node.isPropertyAssignment(p)) return p.getInitializer();
      if (p && Node.isShorthandPropertyAssignment(p)) return p.getNameNode();
    }
    return args[3];
  }
  // A method of a window or file handle runs on the communicator the handle was made on.
  if (Node.isIdentifier(recv)) {
    const d = declarationOf(recv);
    const init = d && Node.isVariableDeclaration(d) ? d.getInitializer() : undefined;
    const made = init && methodCall(unwrap(init));
    if (made && (made.name === "Open" || made.name === "Create" || made.name === "Allocate" || made.name === "Create_dynamic")) return commOf(made, depth + 1);
  }
  return recv;
}

/** Is this communicator expression COMM_SELF (or a variable holding it)? A collective on it involves one rank. */
function isSelf(comm: Node | undefined, depth = 0): boolean {
  if (!comm || depth > 4) return false;
  const e = unwrap(comm);
  if (/(^|\.)COMM_SELF$/.test(e.getText())) return true;
  if (Node.isIdentifier(e)) {
    const d = declarationOf(e);
    const init = d && Node.isVariableDeclaration(d) ? d.getInitializer() : undefined;
    return init !== undefined && isSelf(init, depth + 1);
  }
  return false;
}

function isCollective(mc: MethodCall): boolean {
  if (isSelf(commOf(mc))) return false;
  if (mc.name === "Create") return receiverKind(mc) === "win";
  if (mc.name === "Dup") return receiverKind(mc) === "comm";
  if (mc.name === "Open") return receiverKind(mc) === "file";
  if (COLLECTIVES.has(mc.name)) return true;
  const on = COLLECTIVE_ON[mc.name];
  return !!on && on.includes(receiverKind(mc));
}
