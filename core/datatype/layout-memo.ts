/**
 * What is derived from a datatype's bytes alone — its merged runs for a count, a request record's
 * runs at an offset — kept once per *layout*, shared by every datatype that has it.
 *
 * Why: programs commit their derived types on every rank (a 2-D halo at 4,096 ranks makes 8,192
 * column and row types, two layouts). Kept per datatype, the runs a delivery reads were a hash
 * probe, a memo object and an array per rank, each a cache miss when the random schedule reaches
 * that rank; kept per layout they are a handful of objects that stay in cache. The runs are a pure
 * function of the layout tree's offsets, counts, strides and unit runs and of the extent (element
 * i sits at i·extent), which is exactly what the key spells.
 */
import type { Node } from "./layout.ts";

/** Merged runs (offset, length pairs from 0) of `count` elements; null: too many to keep. */
export interface KeptRuns {
  count: number;
  runs: Float64Array | null;
}

export class LayoutMemo {
  /** typemap.ts (runsAt0): the counts last asked, most recent last (a few: ranks may send different counts of one type). */
  readonly runs: KeptRuns[] = [];
  /** core/request-runs.ts: (count, offset) → a request record's runs. */
  requestRuns: Map<number, [number, number][] | null> | null = null;
}

/** Layouts with more nodes than this are not spelled out: such a datatype gets a memo of its own. */
const MAX_KEY_NODES = 64;
/** Distinct layouts shared per process; past this, new layouts get memos of their own (a program generating types must not grow the table without bound). */
const MAX_SHARED = 1024;
const shared = new Map<string, LayoutMemo>();

/** The memo for a datatype of this layout and extent (shared with every other such datatype when the layout is small). */
export function layoutMemo(node: Node, extent: number): LayoutMemo {
  const parts: (string | number)[] = [extent];
  if (!spell(node, parts, { left: MAX_KEY_NODES })) return new LayoutMemo();
  const key = parts.join(" ");
  let m = shared.get(key);
  if (m === undefined) {
    m = new LayoutMemo();
    if (shared.size < MAX_SHARED) shared.set(key, m);
  }
  return m;
}

/** Append the layout's bytes to `out` (false when it has more nodes than the budget). */
function spell(node: Node, out: (string | number)[], budget: { left: number }): boolean {
  if (--budget.left < 0) return false;
  switch (node.k) {
    case 0:
      // A unit's bytes are its runs, repeated at its extent (its name does not matter, and can be changed).
      out.push("L", node.off, node.n, node.t.size, node.t.extent, node.t.dense ? "d" : "u", "[", ...node.t.unitRuns, "]");
      return true;
    case 1:
      out.push("R", node.off, node.n, node.stride, "(");
      if (!spell(node.child, out, budget)) return false;
      out.push(")");
      return true;
    case 2:
      out.push("S", node.off, "(");
      for (const item of node.items) if (!spell(item, out, budget)) return false;
      out.push(")");
      return true;
  }
}
