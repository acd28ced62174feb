import { Node, SyntaxKind, type SourceFile, type Statement } from "ts-morph";
import { RMA_OPS } from "../mpi.ts";
import { kindOf, methodCall, ownDescendants, unwrap } from "../resolve.ts";
import type { Report } from "../finding.ts";

/**
 * What is known about one window's synchronisation at a point of the program. Fences pair up the
 * way the lecture teaches them (the first opens an epoch, the second closes it), MODE_NOSUCCEED
 * closes and MODE_NOPRECEDE opens; `fence: "unknown"` when paths disagree or the window came in as
 * a parameter, and then nothing is reported.
 */
interface WinState {
  fence: "open" | "closed" | "unknown";
  /** Targets (as written) locked now; "*" for Lock_all. */
  locks: string[];
  /** Inside Start…Complete (access) / Post…Wait (exposure). */
  start: boolean;
  post: boolean;
}

type State = Map<string, WinState>;

interface Ctx {
  report: Report;
  /** Window memory variables → their window. */
  memory: Map<string, string>;
  reported: Set<Node>;
}

/**
 * `rma-outside-epoch`: Put/Get/Accumulate/… on a window where no epoch is open (MPI 4.1 §12.5:
 * RMA communication calls must be inside an access epoch, else ERR_RMA_SYNC).
 *
 * `window-access-in-epoch`: a rank's own load or store of its window memory (the buffer given to
 * Win.Create, or a view of win.tomemory()) while a Fence or Post epoch is open on it: other ranks'
 * RMA operations may land at any time until the closing Fence/Wait, so the access races with them
 * (MPI 4.1 §12.7). Touch window memory between epochs, after the closing synchronisation.
 */
export function checkEpochs(sf: SourceFile, report: Report): void {
  const fns: Node[] = [sf, ...sf.getDescendants().filter((n) => Node.isFunctionLikeDeclaration(n))];
  for (const fn of fns) {
    const body = Node.isSourceFile(fn) ? fn : Node.isBodyable(fn) || Node.isBodied(fn) ? fn.getBody() : undefined;
    if (!body) continue;
    const ctx: Ctx = { report, memory: new Map(), reported: new Set() };
    if (Node.isBlock(body) || Node.isSourceFile(body)) walkList(body.getStatements(), new Map(), ctx);
    else walkNodes([body], new Map(), ctx);
  }
}

function clone(s: State): State {
  return new Map([...s].map(([k, v]) => [k, { ...v, locks: [...v.locks] }]));
}

function merge(a: State, b: State): State {
  const out: State = new Map();
  for (const k of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(k);
    const y = b.get(k);
    if (!x || !y) {
      out.set(k, { fence: "unknown", locks: ["?"], start: false, post: false });
      continue;
    }
    const same = x.fence === y.fence && x.start === y.start && x.post === y.post && x.locks.join() === y.locks.join();
    out.set(k, same ? x : { fence: "unknown", locks: x.locks.length || y.locks.length ? ["?"] : [], start: x.start || y.start, post: x.post && y.post });
  }
  return out;
}

function walkList(stmts: Statement[], st: State, ctx: Ctx): State {
  for (const s of stmts) st = walkStmt(s, st, ctx);
  return st;
}

function walkStmt(s: Statement, st: State, ctx: Ctx): State {
  if (Node.isBlock(s)) return walkList(s.getStatements(), st, ctx);
  if (Node.isIfStatement(s)) {
    st = walkNodes([s.getExpression()], st, ctx);
    const a = walkStmt(s.getThenStatement(), clone(st), ctx);
    const e = s.getElseStatement();
    const b = e ? walkStmt(e, clone(st), ctx) : st;
    return merge(a, b);
  }
  if (Node.isIterationStatement(s)) {
    const head = s.getChildren().filter((c) => c !== s.getStatement());
    st = walkNodes(head, st, ctx);
    const after = walkStmt(s.getStatement(), clone(st), ctx);
    return merge(st, after);
  }
  if (Node.isTryStatement(s)) {
    let t = walkList(s.getTryBlock().getStatements(), st, ctx);
    const c = s.getCatchClause();
    if (c) t = merge(t, walkList(c.getBlock().getStatements(), clone(st), ctx));
    const f = s.getFinallyBlock();
    return f ? walkList(f.getStatements(), t, ctx) : t;
  }
  if (Node.isSwitchStatement(s)) {
    st = walkNodes([s.getExpression()], st, ctx);
    let out = st;
    for (const c of s.getClauses()) out = merge(out, walkList(c.getStatements(), clone(st), ctx));
    return out;
  }
  if (Node.isLabeledStatement(s)) return walkStmt(s.getStatement(), st, ctx);
  if (Node.isFunctionDeclaration(s) || Node.isClassDeclaration(s)) return st;
  return walkNodes([s], st, ctx);
}

/** Apply the window events of straight-line code, in source order. */
function walkNodes(nodes: Node[], st: State, ctx: Ctx): State {
  for (const root of nodes) {
    for (const n of [root, ...ownDescendants(root)]) {
      if (Node.isVariableDeclaration(n)) declare(n, st, ctx);
      const mc = methodCall(n);
      if (mc) {
        const win = windowName(mc.receiver, st);
        if (win) applyCall(win, mc.name, mc.call.getArguments(), mc.call, st, ctx);
        continue;
      }
      if (Node.isIdentifier(n) && ctx.memory.has(n.getText())) localAccess(n, st, ctx);
    }
  }
  return st;
}

/** A new window (`await MPI.Win.Create(buf, …)`) or a view of window memory (`new Int32Array(win.tomemory())`). */
function declare(d: import("ts-morph").VariableDeclaration, st: State, ctx: Ctx): void {
  const name = d.getNameNode();
  const init = d.getInitializer();
  if (!Node.isIdentifier(name) || !init) return;
  const e = unwrap(init);
  const mc = methodCall(e);
  if (mc && kindOf(e) === "win") {
    st.set(name.getText(), { fence: "closed", locks: [], start: false, post: false });
    const mem = mc.name === "Create" ? mc.call.getArguments()[0] : undefined;
    if (mem && Node.isIdentifier(mem)) ctx.memory.set(mem.getText(), name.getText());
    return;
  }
  if (Node.isNewExpression(e)) {
    const arg = e.getArguments()[0];
    const inner = arg && methodCall(unwrap(arg));
    if (inner && inner.name === "tomemory") {
      const win = unwrap(inner.receiver).getText();
      ctx.memory.set(name.getText(), win);
    }
  }
}

function windowName(receiver: Node, st: State): string | undefined {
  const r = unwrap(receiver);
  if (!Node.isIdentifier(r)) return undefined;
  const name = r.getText();
  if (st.has(name)) return name;
  if (kindOf(r) === "win") {
    // A window that came from elsewhere (a parameter, an outer scope): its state is unknown.
    st.set(name, { fence: "unknown", locks: ["?"], start: false, post: false });
    return name;
  }
  return undefined;
}

function applyCall(win: string, name: string, args: Node[], call: Node, st: State, ctx: Ctx): void {
  const w = st.get(win)!;
  const argText = args.map((a) => a.getText());
  switch (name) {
    case "Fence": {
      const assert = argText[0] ?? "";
      if (/NOSUCCEED/.test(assert)) w.fence = "closed";
      else if (/NOPRECEDE/.test(assert)) w.fence = "open";
      else if (w.fence !== "unknown") w.fence = w.fence === "open" ? "closed" : "open";
      return;
    }
    case "Lock":
      w.locks.push(argText[0] ?? "?");
      return;
    case "Lock_all":
      w.locks.push("*");
      return;
    case "Unlock": {
      const i = w.locks.indexOf(argText[0] ?? "?");
      if (i >= 0) w.locks.splice(i, 1);
      else if (w.locks.length === 1) w.locks = [];
      return;
    }
    case "Unlock_all":
      w.locks = w.locks.filter((l) => l !== "*");
      return;
    case "Start":
      w.start = true;
      return;
    case "Complete":
      w.start = false;
      return;
    case "Post":
      w.post = true;
      return;
    case "Wait":
      w.post = false;
      return;
    case "Free":
      st.delete(win);
      return;
  }
  if (RMA_OPS.has(name) && w.fence === "closed" && w.locks.length === 0 && !w.start && !ctx.reported.has(call)) {
    ctx.reported.add(call);
    ctx.report(call.getChildAtIndex(0).getLastChildOrThrow(), "rma-outside-epoch", `${name} on window \`${win}\` outside an access epoch: no Fence, Lock, Lock_all or Start opens one before it (MPI 4.1 §12.5, ERR_RMA_SYNC)`);
  }
}

function localAccess(id: Node, st: State, ctx: Ctx): void {
  const p = id.getParent();
  // The declaration itself, and handing the buffer to Win.Create, are not accesses.
  if (Node.isVariableDeclaration(p) && p.getNameNode() === id) return;
  if (p && Node.isCallExpression(p) && methodCall(p)?.name === "Create") return;
  const win = ctx.memory.get(id.getText())!;
  const w = st.get(win);
  if (!w || !(w.fence === "open" || w.post) || ctx.reported.has(id)) return;
  ctx.reported.add(id);
  const store = isStore(id);
  ctx.report(id, "window-access-in-epoch", `window memory \`${id.getText()}\` of \`${win}\` is ${store ? "written" : "read"} locally while a ${w.post ? "Post" : "Fence"} epoch is open on it; other ranks' RMA operations may land until the closing ${w.post ? "Wait" : "Fence"} (MPI 4.1 §12.7)`);
}

function isStore(id: Node): boolean {
  const p = id.getParent();
  if (p && Node.isElementAccessExpression(p) && p.getExpression() === id) {
    const g = p.getParent();
    if (g && Node.isBinaryExpression(g) && g.getLeft() === p && g.getOperatorToken().getKind() >= SyntaxKind.FirstAssignment && g.getOperatorToken().getKind() <= SyntaxKind.LastAssignment) return true;
    if (g && (Node.isPostfixUnaryExpression(g) || Node.isPrefixUnaryExpression(g))) return true;
  }
  if (p && Node.isPropertyAccessExpression(p) && /^(fill|set|copyWithin)$/.test(p.getName())) return true;
  return false;
}
