import { Node, SyntaxKind, type SourceFile } from "ts-morph";
import { COMPLETING, RESULT_ARG } from "../mpi.ts";
import { methodCall, ownDescendants, rootIdentifier, unwrap } from "../resolve.ts";
import type { Report } from "../finding.ts";

/**
 * `get-before-complete`: the result buffer of a Get (Get_accumulate, Fetch_and_op,
 * Compare_and_swap, Rget) read before a call that completes the operation — Flush*, Unlock*,
 * Fence, Complete on that window, or Wait on the Rget's request. Until then the buffer may still
 * hold old data (MPI 4.1 §12.5: the operation completes at the origin only at the synchronisation).
 *
 * The check follows the function's text from the call onwards (the first completion or read wins);
 * it does not follow loops back to their start.
 */
export function checkGetBeforeComplete(sf: SourceFile, report: Report): void {
  for (const call of sf.getDescendantsOfKind(SyntaxKind.CallExpression)) {
    const mc = methodCall(call);
    if (!mc) continue;
    const isRget = mc.name === "Rget" || mc.name === "Rget_accumulate";
    const argIndex = isRget ? (mc.name === "Rget" ? 0 : 1) : RESULT_ARG[mc.name];
    if (argIndex === undefined) continue;
    const arg = call.getArguments()[argIndex];
    if (!arg) continue;
    const bufArg = Node.isArrayLiteralExpression(unwrap(arg)) ? (unwrap(arg) as import("ts-morph").ArrayLiteralExpression).getElements()[0] : arg;
    const buf = bufArg && rootIdentifier(bufArg);
    const win = unwrap(mc.receiver).getText();
    if (!buf) continue;
    // The request an Rget returns, when stored: `const r = win.Rget(…)`.
    let req: string | undefined;
    const decl = call.getFirstAncestorByKind(SyntaxKind.VariableDeclaration);
    if (isRget && decl && unwrap(decl.getInitializerOrThrow()) === call) req = decl.getName();

    const fn = call.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a)) ?? sf;
    const end = call.getEnd();
    const later = ownDescendants(fn).filter((n) => n.getStart() >= end);
    for (const n of later) {
      const m = methodCall(n);
      if (m) {
        const r = unwrap(m.receiver).getText();
        if (r === win && COMPLETING.has(m.name)) break;
        if (req && ((r === req && /^(Wait|Test)$/.test(m.name)) || (/^(Waitall|Waitany|Waitsome|Testall)$/.test(m.name) && m.call.getArguments().some((a) => new RegExp(`\\b${req}\\b`).test(a.getText()))))) break;
        continue;
      }
      if (!Node.isIdentifier(n) || n.getText() !== buf.getText() || !isRead(n)) continue;
      report(n, "get-before-complete", `\`${buf.getText()}\` is read before the ${mc.name} at line ${call.getStartLineNumber()} that fills it has completed; call ${req ? `${req}.Wait()` : `Flush/Unlock/Fence on \`${win}\``} first (until then it may hold old data)`);
      break;
    }
  }
}

/** Is this reference to a buffer a read of its contents? (`b[i]`, `f(b)`, `${b}`; not `b[i] = v`, not `b = …`). */
function isRead(id: Node): boolean {
  const p = id.getParent();
  if (!p) return false;
  if (Node.isBinaryExpression(p) && p.getLeft() === id && p.getOperatorToken().getKind() === SyntaxKind.EqualsToken) return false;
  if (Node.isElementAccessExpression(p) && p.getExpression() === id) {
    const g = p.getParent();
    if (g && Node.isBinaryExpression(g) && g.getLeft() === p && g.getOperatorToken().getKind() === SyntaxKind.EqualsToken) return false;
    return true;
  }
  if (Node.isPropertyAccessExpression(p) && p.getExpression() === id) {
    // Metadata is not the contents.
    return !/^(length|byteLength|byteOffset|BYTES_PER_ELEMENT|buffer)$/.test(p.getName());
  }
  if (Node.isArrayLiteralExpression(p)) return false; // a buffer spec handed to another MPI call
  if (Node.isCallExpression(p)) {
    const mc = methodCall(p);
    return !mc || !/^[A-Z]/.test(mc.name);
  }
  return Node.isTemplateSpan(p) || Node.isSpreadElement(p) || Node.isReturnStatement(p) || Node.isVariableDeclaration(p);
}
