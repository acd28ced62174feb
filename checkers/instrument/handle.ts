/**
 * The receiver of an MPI-looking call as the user wrote it: the runtime's `m` check
 * (core/handle-check.ts) names it when the call fails, instead of the hook that wraps it.
 */
import type { ts } from "ts-morph";

const MAX_TEXT = 60;

/** The receiver's source text, shortened to one line. */
export function receiverText(recv: ts.Expression, sf: ts.SourceFile): string {
  const text = recv.getText(sf).replace(/\s+/g, " ");
  return text.length <= MAX_TEXT ? text : `${text.slice(0, MAX_TEXT - 1)}…`;
}
