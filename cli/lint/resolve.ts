/**
 * Small syntactic resolvers shared by the lint rules: what an MPI method call looks like, which
 * kind of handle an expression holds (followed through variable declarations and `typeof x`
 * annotations), and whether a value depends on the caller's rank.
 */
import { Node, SyntaxKind, type CallExpression, type Expression, type Identifier } from "ts-morph";
import { CREATORS, type HandleKind } from "./mpi.ts";

export interface MethodCall {
  call: CallExpression;
  name: string;
  receiver: Expression;
}

/** `receiver.name(…)` (also `receiver?.name(…)`), or undefined for any other call. */
export function methodCall(node: Node): MethodCall | undefined {
  if (!Node.isCallExpression(node)) return undefined;
  const callee = node.getExpression();
  if (!Node.isPropertyAccessExpression(callee)) return undefined;
  return { call: node, name: callee.getName(), receiver: callee.getExpression() };
}

/** Strip `await`, parentheses, `!`, `as T`, `satisfies T`. */
export function unwrap(e: Node): Node {
  for (;;) {
    if (Node.isAwaitExpression(e) || Node.isParenthesizedExpression(e) || Node.isNonNullExpression(e) || Node.isAsExpression(e) || Node.isSatisfiesExpression(e)) {
      e = e.getExpression();
    } else return e;
  }
}

/** The declaration an identifier refers to (variable, parameter), via the binder. */
export function declarationOf(id: Identifier): Node | undefined {
  return id.getSymbol()?.getDeclarations()[0];
}

/** The kind of MPI handle `expr` holds (best effort; "unknown" when it cannot tell). */
export function kindOf(expr: Node, seen = new Set<Node>()): HandleKind {
  const e = unwrap(expr);
  if (seen.has(e)) return "unknown";
  seen.add(e);
  if (Node.isIdentifier(e)) {
    const d = declarationOf(e);
    if (!d) return "unknown";
    if (Node.isVariableDeclaration(d) || Node.isParameterDeclaration(d) || Node.isPropertyDeclaration(d)) {
      const init = d.getInitializer();
      if (init) {
        const k = kindOf(init, seen);
        if (k !== "unknown") return k;
      }
      const tn = d.getTypeNode();
      if (tn) {
        if (Node.isTypeQuery(tn)) {
          const target = tn.getExprName();
          if (Node.isIdentifier(target)) return kindOf(target, seen);
        }
        const text = tn.getText();
        if (/\bWin\b/.test(text)) return "win";
        if (/\bFile\b/.test(text)) return "file";
        if (/\bPrequest\b/.test(text)) return "prequest";
        if (/\bRequest\b/.test(text)) return "request";
        if (/\bDatatype\b/.test(text)) return "datatype";
      }
      // `let fh; … fh = await MPI.File.Open(…)`: the first assignment tells.
      const name = d.getFirstChildByKind(SyntaxKind.Identifier)?.getText();
      const scope = d.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isSourceFile(a));
      if (name && scope) {
        for (const bin of scope.getDescendantsOfKind(SyntaxKind.BinaryExpression)) {
          if (bin.getOperatorToken().getKind() !== SyntaxKind.EqualsToken) continue;
          const left = bin.getLeft();
          if (Node.isIdentifier(left) && left.getText() === name) {
            const k = kindOf(bin.getRight(), seen);
            if (k !== "unknown") return k;
          }
        }
      }
    }
    return "unknown";
  }
  const mc = methodCall(e);
  if (mc) return creatorKind(mc, seen);
  return "unknown";
}

/** The kind of handle a method call creates, or "unknown". */
export function creatorKind(mc: MethodCall, seen = new Set<Node>()): HandleKind {
  const recv = unwrap(mc.receiver);
  const recvText = recv.getText();
  if (mc.name === "Create") {
    if (/(^|\.)Win$/.test(recvText)) return "win";
    return "unknown";
  }
  if (mc.name === "Open" && /(^|\.)File$/.test(recvText)) return "file";
  if (mc.name === "Open") return "unknown";
  if (mc.name === "Commit" || mc.name === "Dup") {
    const k = kindOf(recv, seen);
    if (k === "datatype" || k === "comm") return k;
    return mc.name === "Dup" && /COMM_WORLD|COMM_SELF|comm/i.test(recvText) ? "comm" : "unknown";
  }
  const k = CREATORS[mc.name];
  if (k === "win" && !/(^|\.)Win$/.test(recvText)) return "unknown";
  return k ?? "unknown";
}

/** The receiver's kind for a method call, with the receiver spelled `MPI.Win`/`MPI.File` counted as such. */
export function receiverKind(mc: MethodCall): HandleKind {
  const r = unwrap(mc.receiver);
  const t = r.getText();
  if (/(^|\.)Win$/.test(t)) return "win";
  if (/(^|\.)File$/.test(t)) return "file";
  return kindOf(r);
}

/** The identifier at the root of `a`, `a.b`, `a[i]`, `a!`, or undefined. */
export function rootIdentifier(e: Node): Identifier | undefined {
  let n = unwrap(e);
  for (;;) {
    if (Node.isIdentifier(n)) return n;
    if (Node.isPropertyAccessExpression(n) || Node.isElementAccessExpression(n)) n = unwrap(n.getExpression());
    else return undefined;
  }
}

/** Does this expression depend on the calling rank (`Get_rank()`, `comm.rank`, or a variable derived from one)? */
export function rankDependent(expr: Node, seen = new Set<Node>()): boolean {
  const check = (n: Node): boolean => {
    const mc = methodCall(n);
    if (mc && mc.name === "Get_rank") return true;
    if (Node.isPropertyAccessExpression(n) && n.getName() === "rank" && !Node.isCallExpression(n.getParent())) return true;
    if (Node.isIdentifier(n)) {
      const d = declarationOf(n);
      if (d && !seen.has(d) && Node.isVariableDeclaration(d)) {
        seen.add(d);
        const init = d.getInitializer();
        if (init && rankDependent(init, seen)) return true;
      }
      return false;
    }
    return false;
  };
  if (check(expr)) return true;
  return expr.getDescendants().some(check);
}

/** The innermost function (or the file) a node belongs to. */
export function enclosingFunction(n: Node): Node {
  return n.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a) || Node.isSourceFile(a)) ?? n.getSourceFile();
}

/** Descendants of `root` not inside a nested function. */
export function ownDescendants(root: Node): Node[] {
  const out: Node[] = [];
  const visit = (n: Node) => {
    for (const c of n.getChildren()) {
      if (Node.isFunctionLikeDeclaration(c)) continue;
      out.push(c);
      visit(c);
    }
  };
  visit(root);
  return out;
}
