/**
 * Datatype descriptions shared by both sides of the differential test: a JSON tree that
 * runner.py builds with mpi4py and build() builds with mpisim, constructor for constructor.
 */
import { Datatype, ORDER_C, ORDER_FORTRAN, PREDEFINED } from "../../core/datatype/index.ts";

export type TypeDesc =
  | { k: "basic"; t: string }
  | { k: "contig"; n: number; c: TypeDesc }
  | { k: "vector"; n: number; bl: number; stride: number; c: TypeDesc }
  | { k: "hvector"; n: number; bl: number; stride: number; c: TypeDesc }
  | { k: "indexed"; bls: number[]; ds: number[]; c: TypeDesc }
  | { k: "iblock"; bl: number; ds: number[]; c: TypeDesc }
  | { k: "hindexed"; bls: number[]; ds: number[]; c: TypeDesc }
  | { k: "subarray"; sizes: number[]; sub: number[]; starts: number[]; order: "C" | "F"; c: TypeDesc }
  | { k: "struct"; bls: number[]; ds: number[]; cs: TypeDesc[] }
  | { k: "resized"; lb: number; extent: number; c: TypeDesc };

/** The mpisim datatype a description stands for (not committed). */
export function build(d: TypeDesc): Datatype {
  switch (d.k) {
    case "basic": return PREDEFINED[d.t];
    case "contig": return build(d.c).Create_contiguous(d.n);
    case "vector": return build(d.c).Create_vector(d.n, d.bl, d.stride);
    case "hvector": return build(d.c).Create_hvector(d.n, d.bl, d.stride);
    case "indexed": return build(d.c).Create_indexed(d.bls, d.ds);
    case "iblock": return build(d.c).Create_indexed_block(d.bl, d.ds);
    case "hindexed": return build(d.c).Create_hindexed(d.bls, d.ds);
    case "subarray": return build(d.c).Create_subarray(d.sizes, d.sub, d.starts, d.order === "C" ? ORDER_C : ORDER_FORTRAN);
    case "struct": return Datatype.Create_struct(d.bls, d.ds, d.cs.map(build));
    case "resized": return build(d.c).Create_resized(d.lb, d.extent);
  }
}

/**
 * Open MPI 4.1's bounds, where they differ from MPI 4.1 §5.1.7: without explicit markers it
 * bounds each block by the old type's *padded* ub and pads again (opal_datatype_add), where the
 * standard takes the flattened typemap. Returns [lb, extent] as Open MPI computes them.
 */
export function openMpiBounds(d: TypeDesc): { lb: number; extent: number; explicit: boolean; align: number } {
  const blocks = (list: [number, number][], c: ReturnType<typeof openMpiBounds>, cExplicit = c.explicit) => {
    let lo = Infinity;
    let hi = -Infinity;
    for (const [disp, bl] of list) {
      if (bl === 0) continue;
      const last = disp + (bl - 1) * c.extent;
      lo = Math.min(lo, disp + c.lb, last + c.lb);
      hi = Math.max(hi, disp + c.lb + c.extent, last + c.lb + c.extent);
    }
    return { lo, hi, explicit: cExplicit && lo !== Infinity };
  };
  const finish = (lo: number, hi: number, explicit: boolean, align: number) => {
    if (lo === Infinity) return { lb: 0, extent: 0, explicit: false, align: 1 };
    const span = hi - lo;
    return { lb: lo, extent: explicit ? span : Math.ceil(span / align) * align, explicit, align };
  };
  switch (d.k) {
    case "basic": {
      const t = PREDEFINED[d.t];
      return { lb: 0, extent: t.extent, explicit: false, align: t.align };
    }
    case "resized": return { lb: d.lb, extent: d.extent, explicit: true, align: openMpiBounds(d.c).align };
    case "subarray": {
      const c = openMpiBounds(d.c);
      return { lb: 0, extent: d.sizes.reduce((a, b) => a * b, 1) * c.extent, explicit: true, align: c.align };
    }
    case "struct": {
      const parts = d.cs.map(openMpiBounds);
      const marked = parts.some((p, i) => p.explicit && d.bls[i] > 0);
      let lo = Infinity;
      let hi = -Infinity;
      let align = 1;
      parts.forEach((p, i) => {
        if (d.bls[i] === 0) return;
        align = Math.max(align, p.align);
        if (marked && !p.explicit) return;
        const b = blocks([[d.ds[i], d.bls[i]]], p);
        lo = Math.min(lo, b.lo);
        hi = Math.max(hi, b.hi);
      });
      return finish(lo, hi, marked, align);
    }
    default: {
      const c = openMpiBounds(d.c);
      const e = c.extent;
      const list = blocksOf(d, e);
      const b = blocks(list, c);
      return finish(b.lo, b.hi, c.explicit, c.align);
    }
  }
}

interface Std { lb: number; extent: number; explicit: boolean; align: number; lo: number; hi: number }

/**
 * MPI 4.1 §5.1.7 bounds, modelled here independently of core/datatype/bounds.ts (so that a bug
 * there shows up as an unexplained difference, not as a deviation): markers alone when present,
 * else the data's true bounds padded once to the largest alignment.
 */
export function standardBounds(d: TypeDesc): Std {
  const place = (parts: [number, number, Std][]): Std => {
    const marked = parts.some(([, bl, c]) => bl > 0 && c.explicit);
    let lo = Infinity, hi = -Infinity, mlo = Infinity, mhi = -Infinity, align = 1;
    for (const [disp, bl, c] of parts) {
      if (bl === 0) continue;
      const last = disp + (bl - 1) * c.extent;
      lo = Math.min(lo, disp + c.lo, last + c.lo);
      hi = Math.max(hi, disp + c.hi, last + c.hi);
      align = Math.max(align, c.align);
      if (c.explicit) {
        mlo = Math.min(mlo, disp + c.lb, last + c.lb);
        mhi = Math.max(mhi, disp + c.lb + c.extent, last + c.lb + c.extent);
      }
    }
    if (lo === Infinity) return { lb: 0, extent: 0, explicit: false, align: 1, lo: 0, hi: 0 };
    if (marked) return { lb: mlo, extent: mhi - mlo, explicit: true, align, lo, hi };
    return { lb: lo, extent: Math.ceil((hi - lo) / align) * align, explicit: false, align, lo, hi };
  };
  switch (d.k) {
    case "basic": {
      const t = PREDEFINED[d.t];
      return { lb: 0, extent: t.extent, explicit: false, align: t.align, lo: t.trueLb, hi: t.trueUb };
    }
    case "resized": return { ...standardBounds(d.c), lb: d.lb, extent: d.extent, explicit: true };
    case "struct": return place(d.cs.map((c, i): [number, number, Std] => [d.ds[i], d.bls[i], standardBounds(c)]));
    case "subarray": {
      const c = standardBounds(d.c);
      const nd = d.sizes.length;
      const dims = [...Array(nd).keys()];
      const fastToSlow = d.order === "C" ? [...dims].reverse() : dims;
      const strides: number[] = new Array(nd);
      let s = c.extent;
      for (const k of fastToSlow) { strides[k] = s; s *= d.sizes[k]; }
      const first = dims.reduce((a, k) => a + d.starts[k] * strides[k], 0);
      const lastAt = dims.reduce((a, k) => a + (d.starts[k] + d.sub[k] - 1) * strides[k], 0);
      const data = place([[first, 1, c], [lastAt, 1, c]]);
      return { lb: 0, extent: s, explicit: true, align: c.align, lo: data.lo, hi: data.hi };
    }
    default: {
      const c = standardBounds(d.c);
      const e = c.extent;
      const list = blocksOf(d, e);
      return place(list.map(([x, bl]): [number, number, Std] => [x, bl, c]));
    }
  }
}

/** Whether any type in the description gets other bounds from Open MPI than from MPI 4.1 §5.1.7. */
export function paddingDiffers(d: TypeDesc): boolean {
  const t = standardBounds(d);
  const o = openMpiBounds(d);
  if (o.lb !== t.lb || o.extent !== t.extent) return true;
  switch (d.k) {
    case "basic": return false;
    case "struct": return d.cs.some(paddingDiffers);
    default: return paddingDiffers(d.c);
  }
}

type Repeating = Extract<TypeDesc, { k: "contig" | "vector" | "hvector" | "indexed" | "iblock" | "hindexed" }>;

/** The (byte displacement, blocklength) blocks of a one-child constructor whose child has extent e. */
function blocksOf(d: Repeating, e: number): [number, number][] {
  switch (d.k) {
    case "contig": return [[0, d.n]];
    case "vector": return Array.from({ length: d.n }, (_, j): [number, number] => [j * d.stride * e, d.bl]);
    case "hvector": return Array.from({ length: d.n }, (_, j): [number, number] => [j * d.stride, d.bl]);
    case "indexed": return d.ds.map((x, i): [number, number] => [x * e, d.bls[i]]);
    case "iblock": return d.ds.map((x): [number, number] => [x * e, d.bl]);
    case "hindexed": return d.ds.map((x, i): [number, number] => [x, d.bls[i]]);
  }
}
