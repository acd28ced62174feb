/**
 * Size and bounds of a typemap: marker bounds (lb/ub, MPI 4.1 §5.1.7) accumulate block by block
 * at construction; true bounds and size come straight from the layout tree.
 */
import type { Datatype } from "./datatype.ts";
import type { Node } from "./layout.ts";

/**
 * lb/ub per MPI 4.1 §5.1.7: the min/max over blocks of (displacement + old lb/ub), with the
 * old type's *marker* bounds (so resized types propagate), and epsilon = 0.
 */
export class Bounds {
  private lo = Infinity;
  private hi = -Infinity;

  block(d: number, bl: number, old: Datatype): void {
    if (bl === 0) return;
    const last = d + (bl - 1) * old.extent;
    this.lo = Math.min(this.lo, d + old.lb, last + old.lb);
    this.hi = Math.max(this.hi, d + old.ub, last + old.ub);
  }

  shape(node: Node): { node: Node; lb: number; extent: number } {
    if (this.lo === Infinity) return { node, lb: 0, extent: 0 };
    return { node, lb: this.lo, extent: this.hi - this.lo };
  }
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
