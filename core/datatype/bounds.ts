/**
 * Size and bounds of a typemap: marker bounds (lb/ub, MPI 4.1 §5.1.7) accumulate block by block
 * at construction; true bounds and size come straight from the layout tree.
 */
import type { Node } from "./layout.ts";

/** What Bounds needs of an old type (a Datatype satisfies it). */
export interface BoundedType {
  readonly lb: number;
  readonly ub: number;
  readonly extent: number;
  /** the typemap carries explicit lb/ub markers (Create_resized, Create_subarray, MPI 4.1 §5.1.7) */
  readonly explicitBounds: boolean;
}

/** The bounds of a new type, and whether its typemap carries explicit markers. */
export interface Shape {
  node: Node;
  lb: number;
  extent: number;
  explicit: boolean;
}

/**
 * lb/ub per MPI 4.1 §5.1.7, on the typemap of the new type:
 * - when some entry is an explicit lb/ub marker (a block of ≥ 1 element of a type made by
 *   Create_resized or Create_subarray, or built on one), the markers alone set lb and ub:
 *   lb = min over marker displacements, ub = max; entries without markers do not count, and no
 *   padding is added. Open MPI 4.1: struct{DOUBLE at 0, resized(INT, 0, 4) at 8} has lb 8, extent 4.
 * - otherwise lb = min_j disp_j and ub = max_j (disp_j + sizeof(type_j)) + ε, over the basic
 *   entries, where ε rounds the extent up to a multiple of the largest alignment of those basic
 *   types (struct{DOUBLE at 0, INT at 8} has extent 16, as in Open MPI 4.1). This applies to
 *   every constructor, since all of them define the typemap (Open MPI: hvector(DOUBLE, 2, 1, 12)
 *   has extent 24).
 * The formula is on the flattened typemap, so an old type's own padding does not carry over when
 * copies are placed at other than multiples of its alignment (Open MPI keeps it: a recorded
 * deviation, docs/fidelity.md).
 */
export class Bounds {
  private lo = Infinity;
  private hi = -Infinity;

  block(d: number, bl: number, old: BoundedType): void {
    if (bl === 0 || !old.explicitBounds) return;
    const last = d + (bl - 1) * old.extent;
    this.lo = Math.min(this.lo, d + old.lb, last + old.lb);
    this.hi = Math.max(this.hi, d + old.ub, last + old.ub);
  }

  /** Markers if any block had them, else the true bounds of node padded to `align` (see above). */
  shape(node: Node, align: (node: Node) => number): Shape {
    if (this.lo !== Infinity) return { node, lb: this.lo, extent: this.hi - this.lo, explicit: true };
    return naturalShape(node, align(node));
  }
}

/** A typemap without markers: its true bounds, the extent rounded up to a multiple of align. */
export function naturalShape(node: Node, align: number): Shape {
  const t = trueBounds(node);
  const span = t.hi - t.lo;
  const a = Math.max(1, align);
  return { node, lb: t.lo, extent: Math.ceil(span / a) * a, explicit: false };
}

export function nodeSize(node: Node): number {
  switch (node.k) {
    case 0:
      return node.n * node.t.size;
    case 1:
      return node.n * nodeSize(node.child);
    case 2: {
      let s = 0;
      for (const it of node.items) s += nodeSize(it);
      return s;
    }
  }
}

/** The span of bytes the typemap really touches (MPI 4.1 §5.1.8 true extent); empty → [0, 0]. */
export function trueBounds(node: Node): { lo: number; hi: number } {
  switch (node.k) {
    case 0: {
      const r = node.t.unitRuns;
      let lo = Infinity;
      let hi = -Infinity;
      for (let j = 0; j < r.length; j += 2) {
        lo = Math.min(lo, r[j]);
        hi = Math.max(hi, r[j] + r[j + 1]);
      }
      const span = (node.n - 1) * node.t.extent;
      return { lo: node.off + Math.min(0, span) + lo, hi: node.off + Math.max(0, span) + hi };
    }
    case 1: {
      const c = trueBounds(node.child);
      const span = (node.n - 1) * node.stride;
      return { lo: node.off + Math.min(0, span) + c.lo, hi: node.off + Math.max(0, span) + c.hi };
    }
    case 2: {
      if (node.items.length === 0) return { lo: 0, hi: 0 };
      let lo = Infinity;
      let hi = -Infinity;
      for (const it of node.items) {
        const b = trueBounds(it);
        lo = Math.min(lo, b.lo);
        hi = Math.max(hi, b.hi);
      }
      return { lo: node.off + lo, hi: node.off + hi };
    }
  }
}
