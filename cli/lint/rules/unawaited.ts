import { Node, SyntaxKind, type SourceFile } from "ts-morph";
import { PROMISE_METHODS, PROMISE_ON } from "../mpi.ts";
import { methodCall, receiverKind, type MethodCall } from "../resolve.ts";
import type { Report } from "../finding.ts";

/** Does this MPI method call return a Promise (SPEC §1: the scheduling points)? */
export function returnsPromise(mc: MethodCall): boolean {
  if (PROMISE_METHODS.has(mc.name)) {
    // `MPI.File.Open`, `MPI.Win.Allocate`… and `comm.Send`; `Open`/`Read`/`Write`/`Close`/`Delete` on
    // something that is plainly not MPI (fs, streams) are not ours.
    if (/^(Open|Close|Delete|Read|Write)$/.test(mc.name)) {
      const k = receiverKind(mc);
      return k === "file" || k === "unknown";
    }
    return true;
  }
  const kinds = PROMISE_ON[mc.name];
  if (!kinds) return false;
  return kinds.includes(receiverKind(mc));
}

/**
 * `unawaited-promise`: an MPI call that returns a Promise whose result is dropped. The rank goes on
 * while the call is still pending, so its next blocking call is refused (ERR_OTHER) and the
 * operation's completion is never observed. Awaited, returned, stored or passed on is fine.
 */
export function checkUnawaited(sf: SourceFile, report: Report): void {
  for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const mc = methodCall(call);
    if (!mc || !returnsPromise(mc)) continue;
    if (isDropped(call)) {
      report(call.getExpression().getLastChildOrThrow(), "unawaited-promise", `${mc.name}() returns a Promise that is neither awaited, returned nor stored; \`await\` it (the rank would go on while the call is pending)`);
    }
  }
}

/** Is the value of this expression thrown away? */
function isDropped(e: Node): boolean {
  const p = e.getParent();
  if (!p) return false;
  if (Node.isExpressionStatement(p)) return true;
  if (Node.isVoidExpression(p)) return true;
  if (Node.isParenthesizedExpression(p)) return isDropped(p);
  // `a, b`: the left operand is dropped, the right one is whatever the comma expression is.
  if (Node.isBinaryExpression(p) && p.getOperatorToken().getKind() === SyntaxKind.CommaToken) {
    return p.getLeft() === e ? true : isDropped(p);
  }
  // `cond ? comm.Send() : comm.Recv()` and `x && comm.Barrier()` as statements.
  if (Node.isConditionalExpression(p) && p.getCondition() !== e) return isDropped(p);
  if (Node.isBinaryExpression(p) && [SyntaxKind.AmpersandAmpersandToken, SyntaxKind.BarBarToken, SyntaxKind.QuestionQuestionToken].includes(p.getOperatorToken().getKind()) && p.getRight() === e) {
    return isDropped(p);
  }
  // `for (…; …; comm.Barrier())`
  if (Node.isForStatement(p) && (p.getIncrementor() === e || p.getInitializer() === e)) return true;
  return false;
}
