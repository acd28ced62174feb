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
      let list: [number, number][];
      switch (d.k) {
        case "contig": list = [[0, d.n]]; break;
        case "vector": list = Array.from({ length: d.n }, (_, j): [number, number] => [j * d.stride * e, d.bl]); break;
        case "hvector": list = Array.from({ length: d.n }, (_, j): [number, number] => [j * d.stride, d.bl]); break;
        case "indexed": list = d.ds.map((x, i): [number, number] => [x * e, d.bls[i]]); break;
        case "iblock": list = d.ds.map((x): [number, number] => [x * e, d.bl]); break;
        case "hindexed": list = d.ds.map((x, i): [number, number] => [x, d.bls[i]]); break;
      }
      const b = blocks(list, c);
      return finish(b.lo, b.hi, c.explicit, c.align);
    }
  }
}

/** Whether any type in the description gets other bounds from Open MPI than from MPI 4.1 §5.1.7. */
export function paddingDiffers(d: TypeDesc): boolean {
  const t = build(d);
  const o = openMpiBounds(d);
  if (o.lb !== t.lb || o.extent !== t.extent) return true;
  switch (d.k) {
    case "basic": return false;
    case "struct": return d.cs.some(paddingDiffers);
    default: return paddingDiffers(d.c);
  }
}
