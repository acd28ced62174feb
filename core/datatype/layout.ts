/**
 * The compact typemap of one datatype element: a small tree instead of MPI's list of
 * (basic type, displacement) pairs, so that a vector or subarray of a million doubles stays a
 * handful of nodes and flattening costs O(runs), never O(elements) objects.
 *
 *   Leaf  n consecutive units of one predefined type t, at off, off + ext(t), …
 *   Rep   n copies of child, at off, off + stride, …  (stride in bytes, may be negative)
 *   Seq   the items in typemap order, each shifted by off
 *
 * Nodes are immutable and normalised on construction (dense repetitions fold into one Leaf,
 * nested repetitions with matching strides fold into one Rep, nested Seqs flatten), which is
 * what keeps a contiguous-of-vector-of-contiguous … chain as small as the layout it describes.
 * Typemap *order* is preserved exactly: pack/unpack follow it (MPI 4.1 §5.1.1), so two runs are
 * only merged when the second starts where the first ends.
 */

/** What a Leaf needs to know about its predefined type (a predefined Datatype satisfies it). */
export interface UnitType {
  readonly name: string;
  /** bytes of data in one unit */
  readonly size: number;
  /** distance between consecutive units */
  readonly extent: number;
  /** true when one unit is a single run of `size` bytes at offset 0 and size === extent */
  readonly dense: boolean;
  /** the unit's own runs as flat [offset, length, offset, length, …] (pair types have two) */
  readonly unitRuns: readonly number[];
}

export interface Leaf {
  readonly k: 0;
  readonly off: number;
  readonly n: number;
  readonly t: UnitType;
}
export interface Rep {
  readonly k: 1;
  readonly off: number;
  readonly n: number;
  readonly stride: number;
  readonly child: Node;
}
export interface Seq {
  readonly k: 2;
  readonly off: number;
  readonly items: readonly Node[];
}
export type Node = Leaf | Rep | Seq;

export const EMPTY: Seq = Object.freeze({ k: 2, off: 0, items: Object.freeze([]) as readonly Node[] });

export function isEmpty(node: Node): boolean {
  return node.k === 2 && node.items.length === 0;
}

export function leaf(off: number, n: number, t: UnitType): Node {
  if (n === 0 || t.size === 0) return EMPTY;
  return { k: 0, off, n, t };
}

export function shift(node: Node, d: number): Node {
  if (d === 0 || isEmpty(node)) return node;
  switch (node.k) {
    case 0:
      return { k: 0, off: node.off + d, n: node.n, t: node.t };
    case 1:
      return { k: 1, off: node.off + d, n: node.n, stride: node.stride, child: node.child };
    case 2:
      return { k: 2, off: node.off + d, items: node.items };
  }
}

export function rep(off: number, n: number, stride: number, child: Node): Node {
  if (n === 0 || isEmpty(child)) return EMPTY;
  if (n === 1) return shift(child, off);
  // n units then n more right after them are 2n units: the dense fold that keeps contiguous
  // and full-row subarrays a single Leaf.
  if (child.k === 0 && stride === child.n * child.t.extent) return leaf(off + child.off, n * child.n, child.t);
  if (child.k === 1 && stride === child.n * child.stride) {
    return rep(off + child.off, n * child.n, child.stride, child.child);
  }
  return { k: 1, off, n, stride, child };
}

/** A sequence of nodes in typemap order; adjacent same-type leaves that touch are merged. */
export function seq(items: readonly Node[]): Node {
  const out: Node[] = [];
  const push = (node: Node, d: number): void => {
    if (isEmpty(node)) return;
    if (node.k === 2) {
      for (const it of node.items) push(it, d + node.off);
      return;
    }
    const shifted = shift(node, d);
    const last = out.length > 0 ? out[out.length - 1] : undefined;
    if (
      last !== undefined && last.k === 0 && shifted.k === 0 && last.t === shifted.t &&
      shifted.off === last.off + last.n * last.t.extent
    ) {
      out[out.length - 1] = { k: 0, off: last.off, n: last.n + shifted.n, t: last.t };
      return;
    }
    out.push(shifted);
  };
  for (const it of items) push(it, 0);
  if (out.length === 0) return EMPTY;
  if (out.length === 1) return out[0];
  return { k: 2, off: 0, items: out };
}

/** Calls emit(offset, length) for every run of node placed at base, in typemap order, unmerged. */
export function walkRuns(node: Node, base: number, emit: (off: number, len: number) => void): void {
  switch (node.k) {
    case 0: {
      const t = node.t;
      const start = base + node.off;
      if (t.dense) {
        emit(start, node.n * t.size);
        return;
      }
      const r = t.unitRuns;
      for (let i = 0; i < node.n; i++) {
        const u = start + i * t.extent;
        for (let j = 0; j < r.length; j += 2) emit(u + r[j], r[j + 1]);
      }
      return;
    }
    case 1: {
      const start = base + node.off;
      for (let i = 0; i < node.n; i++) walkRuns(node.child, start + i * node.stride, emit);
      return;
    }
    case 2: {
      const start = base + node.off;
      for (const it of node.items) walkRuns(it, start, emit);
      return;
    }
  }
}

/** Calls visit(offset, n, t) for every Leaf (n consecutive units of t) in typemap order. */
export function walkLeaves(
  node: Node,
  base: number,
  visit: (off: number, n: number, t: UnitType) => void,
): void {
  switch (node.k) {
    case 0:
      visit(base + node.off, node.n, node.t);
      return;
    case 1: {
      const start = base + node.off;
      for (let i = 0; i < node.n; i++) walkLeaves(node.child, start + i * node.stride, visit);
      return;
    }
    case 2: {
      const start = base + node.off;
      for (const it of node.items) walkLeaves(it, start, visit);
      return;
    }
  }
}

/**
 * Calls emit(offset, length, repeat, stride) with runs grouped into strided families where the
 * tree says so: a Rep whose child is one dense Leaf becomes a single call. This is the compact
 * form for range checks (RMA targets, file views) on large regular types.
 */
export function walkStrided(
  node: Node,
  base: number,
  emit: (off: number, len: number, repeat: number, stride: number) => void,
): void {
  switch (node.k) {
    case 0:
      walkRuns(node, base, (o, l) => emit(o, l, 1, 0));
      return;
    case 1: {
      const start = base + node.off;
      const c = node.child;
      if (c.k === 0 && c.t.dense) {
        emit(start + c.off, c.n * c.t.size, node.n, node.stride);
        return;
      }
      for (let i = 0; i < node.n; i++) walkStrided(c, start + i * node.stride, emit);
      return;
    }
    case 2: {
      const start = base + node.off;
      for (const it of node.items) walkStrided(it, start, emit);
      return;
    }
  }
}

/** Number of unmerged runs, computed from the tree without walking it. */
export function rawRunCount(node: Node): number {
  switch (node.k) {
    case 0:
      return node.t.dense ? 1 : node.n * (node.t.unitRuns.length / 2);
    case 1:
      return node.n * rawRunCount(node.child);
    case 2: {
      let s = 0;
      for (const it of node.items) s += rawRunCount(it);
      return s;
    }
  }
}

/** Number of units (basic elements, a pair type counting as one) in the tree. */
export function unitCount(node: Node): number {
  switch (node.k) {
    case 0:
      return node.n;
    case 1:
      return node.n * unitCount(node.child);
    case 2: {
      let s = 0;
      for (const it of node.items) s += unitCount(it);
      return s;
    }
  }
}

/** Collects the distinct unit types of a tree, in first-seen order. */
export function unitTypes(node: Node, out: UnitType[] = []): UnitType[] {
  switch (node.k) {
    case 0:
      if (!out.includes(node.t)) out.push(node.t);
      break;
    case 1:
      unitTypes(node.child, out);
      break;
    case 2:
      for (const it of node.items) unitTypes(it, out);
      break;
  }
  return out;
}
