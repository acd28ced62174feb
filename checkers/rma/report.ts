/** How the RMA checkers name an access in a diagnostic (one shape for rma-race and lost-update). */
import type { Access } from "../../core/diagnostic.ts";
import { access } from "../checker.ts";
import { Mode, type OpInfo } from "./model.ts";
import type { Entry } from "./shadow.ts";
import type { Exposed } from "./windows.ts";

export function modeName(m: Mode): string {
  return m === Mode.Read ? "read" : m === Mode.Write ? "write" : m === Mode.AtomicRead ? "atomic-read" : "atomic-write";
}

export function opAccess(op: OpInfo, mode: string, bytes: [number, number]): Access {
  return access(op.call, op.origin, op.loc, { window: op.win, bytes, mode });
}

/** A shadow entry as an access, its bytes relative to the window memory it lies in. */
export function entryAccess(ex: Exposed, e: Entry): Access {
  const bytes: [number, number] = [e.lo - ex.lo, e.hi - ex.lo];
  if (e.op !== null) return opAccess(e.op, modeName(e.mode), bytes);
  return access(e.mode === Mode.Write ? "STORE" : "LOAD", e.rank, e.loc, { window: ex.win, bytes, mode: modeName(e.mode) });
}

/** By source location (file, line, column), then rank; accesses without a location last. */
export function sortAccesses(as: Access[]): Access[] {
  return as.sort((x, y) => {
    const a = x.loc, b = y.loc;
    if (a && b) return a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line || a.column - b.column || x.rank - y.rank;
    return a ? -1 : b ? 1 : x.rank - y.rank;
  });
}
