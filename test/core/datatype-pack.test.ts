/**
 * Property tests: random nested datatypes are checked against a naive model that expands MPI's
 * typemap definitions (MPI 4.1 §5.1.2–§5.1.3) entry by entry, with no tree and no folding.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BYTE, C_BOOL, DOUBLE, DOUBLE_INT, Datatype, FLOAT, INT, ORDER_C, ORDER_FORTRAN, SHORT, SHORT_INT,
  basicLayout, forEachRun, pack, packedSize, runCountBound, runsOf, segments, stridedRuns, touchedSpan, unpack,
} from "../../core/datatype/index.ts";

type Recipe =
  | { k: "basic"; t: Datatype }
  | { k: "contig"; n: number; c: Recipe }
  | { k: "vector"; n: number; bl: number; stride: number; c: Recipe }
  | { k: "hvector"; n: number; bl: number; stride: number; c: Recipe }
  | { k: "indexed"; bls: number[]; ds: number[]; c: Recipe }
  | { k: "hindexed"; bls: number[]; ds: number[]; c: Recipe }
  | { k: "iblock"; bl: number; ds: number[]; c: Recipe }
  | { k: "struct"; fields: { bl: number; d: number; c: Recipe }[] }
  | { k: "subarray"; sizes: number[]; sub: number[]; starts: number[]; order: number; c: Recipe }
  | { k: "resized"; lb: number; extent: number; c: Recipe }
  | { k: "dup"; c: Recipe };

const basics = [BYTE, C_BOOL, SHORT, INT, FLOAT, DOUBLE, DOUBLE_INT, SHORT_INT];

const recipeArb: fc.Arbitrary<Recipe> = fc.letrec<{ r: Recipe }>((tie) => ({
  r: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.constantFrom(...basics).map((t): Recipe => ({ k: "basic", t })),
    fc.record({ n: fc.nat(3), c: tie("r") }).map((x): Recipe => ({ k: "contig", ...x })),
    fc.record({ n: fc.nat(3), bl: fc.nat(3), stride: fc.integer({ min: -3, max: 5 }), c: tie("r") })
      .map((x): Recipe => ({ k: "vector", ...x })),
    fc.record({ n: fc.nat(3), bl: fc.nat(3), stride: fc.integer({ min: -24, max: 40 }), c: tie("r") })
      .map((x): Recipe => ({ k: "hvector", ...x })),
    fc.array(fc.tuple(fc.nat(3), fc.integer({ min: -2, max: 6 })), { maxLength: 3 })
      .chain((bd) => tie("r").map((c): Recipe => ({ k: "indexed", bls: bd.map((x) => x[0]), ds: bd.map((x) => x[1]), c }))),
    fc.array(fc.tuple(fc.nat(3), fc.integer({ min: -16, max: 48 })), { maxLength: 3 })
      .chain((bd) => tie("r").map((c): Recipe => ({ k: "hindexed", bls: bd.map((x) => x[0]), ds: bd.map((x) => x[1]), c }))),
    fc.record({ bl: fc.nat(2), ds: fc.array(fc.integer({ min: -2, max: 6 }), { maxLength: 3 }), c: tie("r") })
      .map((x): Recipe => ({ k: "iblock", ...x })),
    fc.array(fc.record({ bl: fc.nat(2), d: fc.integer({ min: -8, max: 40 }), c: tie("r") }), { minLength: 1, maxLength: 3 })
      .map((fields): Recipe => ({ k: "struct", fields })),
    fc.array(fc.integer({ min: 1, max: 4 }), { minLength: 1, maxLength: 3 }).chain((sizes) =>
      fc.tuple(
        fc.tuple(...sizes.map((s) => fc.integer({ min: 0, max: s }).chain((sub) => fc.tuple(fc.constant(sub), fc.integer({ min: 0, max: s - sub }))))),
        fc.constantFrom(ORDER_C, ORDER_FORTRAN),
        tie("r"),
      ).map(([ss, order, c]): Recipe => ({ k: "subarray", sizes, sub: ss.map((x) => x[0]), starts: ss.map((x) => x[1]), order, c }))),
    fc.record({ lb: fc.integer({ min: -16, max: 16 }), extent: fc.integer({ min: 1, max: 48 }), c: tie("r") })
      .map((x): Recipe => ({ k: "resized", ...x })),
    tie("r").map((c): Recipe => ({ k: "dup", c })),
  ),
})).r;

function build(r: Recipe): Datatype {
  switch (r.k) {
    case "basic": return r.t;
    case "contig": return build(r.c).Create_contiguous(r.n);
    case "vector": return build(r.c).Create_vector(r.n, r.bl, r.stride);
    case "hvector": return build(r.c).Create_hvector(r.n, r.bl, r.stride);
    case "indexed": return build(r.c).Create_indexed(r.bls, r.ds);
    case "hindexed": return build(r.c).Create_hindexed(r.bls, r.ds);
    case "iblock": return build(r.c).Create_indexed_block(r.bl, r.ds);
    case "struct": return Datatype.Create_struct(r.fields.map((f) => f.bl), r.fields.map((f) => f.d), r.fields.map((f) => build(f.c)));
    case "subarray": return build(r.c).Create_subarray(r.sizes, r.sub, r.starts, r.order);
    case "resized": return build(r.c).Create_resized(r.lb, r.extent);
    case "dup": return build(r.c).Dup();
  }
}

/**
 * MPI's typemap, literally: entries (displacement, basic type) and the explicit lb/ub markers
 * (MPI 4.1 §5.1.7) Create_resized and Create_subarray put in it; lb and ub follow from them.
 */
interface Model { entries: [number, Datatype][]; lbs: number[]; ubs: number[]; lb: number; ub: number }

/** lb/ub per MPI 4.1 §5.1.7: markers alone when present, else the entries padded to the largest alignment. */
function withBounds(entries: [number, Datatype][], lbs: number[], ubs: number[]): Model {
  if (lbs.length > 0) return { entries, lbs, ubs, lb: Math.min(...lbs), ub: Math.max(...ubs) };
  if (entries.length === 0) return { entries, lbs, ubs, lb: 0, ub: 0 };
  let lb = Infinity;
  let ub = -Infinity;
  let align = 1;
  for (const [o, t] of entries) {
    lb = Math.min(lb, o + t.trueLb);
    ub = Math.max(ub, o + t.trueUb);
    align = Math.max(align, t.align);
  }
  return { entries, lbs, ubs, lb, ub: lb + Math.ceil((ub - lb) / align) * align };
}

/** Copies of child models at the given displacements: the concatenation of their typemaps. */
function place(copies: [number, Model][]): Model {
  const entries: [number, Datatype][] = [];
  const lbs: number[] = [];
  const ubs: number[] = [];
  for (const [d, m] of copies) {
    for (const [o, t] of m.entries) entries.push([d + o, t]);
    for (const o of m.lbs) lbs.push(d + o);
    for (const o of m.ubs) ubs.push(d + o);
  }
  return withBounds(entries, lbs, ubs);
}

function model(r: Recipe): Model {
  const blocks = (c: Model, list: [number, number][]): Model => {
    const ext = c.ub - c.lb;
    const copies: [number, Model][] = [];
    for (const [d, bl] of list) for (let i = 0; i < bl; i++) copies.push([d + i * ext, c]);
    return place(copies);
  };
  switch (r.k) {
    case "basic": return withBounds([[0, r.t]], [], []);
    case "dup": return model(r.c);
    case "contig": return blocks(model(r.c), [[0, r.n]]);
    case "vector": case "hvector": {
      const c = model(r.c);
      const unit = r.k === "vector" ? c.ub - c.lb : 1;
      return blocks(c, Array.from({ length: r.n }, (_, j): [number, number] => [j * r.stride * unit, r.bl]));
    }
    case "indexed": case "hindexed": {
      const c = model(r.c);
      const unit = r.k === "indexed" ? c.ub - c.lb : 1;
      return blocks(c, r.ds.map((d, i): [number, number] => [d * unit, r.bls[i]]));
    }
    case "iblock": {
      const c = model(r.c);
      return blocks(c, r.ds.map((d): [number, number] => [d * (c.ub - c.lb), r.bl]));
    }
    case "struct": {
      const copies: [number, Model][] = [];
      for (const f of r.fields) {
        const c = model(f.c);
        for (let i = 0; i < f.bl; i++) copies.push([f.d + i * (c.ub - c.lb), c]);
      }
      return place(copies);
    }
    case "subarray": {
      const c = model(r.c);
      const ext = c.ub - c.lb;
      const nd = r.sizes.length;
      // Enumerate subarray indices with the fastest dimension varying fastest.
      const dims = [...Array(nd).keys()];
      const fastToSlow = r.order === ORDER_C ? [...dims].reverse() : dims;
      const strides: number[] = new Array(nd);
      let s = ext;
      for (const d of fastToSlow) { strides[d] = s; s *= r.sizes[d]; }
      const copies: [number, Model][] = [];
      const idx = new Array(nd).fill(0);
      const total = r.sub.reduce((a, b) => a * b, 1);
      for (let n = 0; n < total; n++) {
        copies.push([dims.reduce((acc, d) => acc + (r.starts[d] + idx[d]) * strides[d], 0), c]);
        for (const d of fastToSlow) { if (++idx[d] < r.sub[d]) break; idx[d] = 0; }
      }
      // MPI 4.1 §5.1.3: resized to lb 0 and the whole array's extent.
      return withBounds(place(copies).entries, [0], [s]);
    }
    case "resized": return withBounds(model(r.c).entries, [r.lb], [r.lb + r.extent]);
  }
}

/** The model's bytes in typemap order, as (offset, length) runs of each unit, merged. */
function modelRuns(m: Model, count: number): [number, number][] {
  const out: [number, number][] = [];
  const ext = m.ub - m.lb;
  for (let i = 0; i < count; i++) {
    for (const [o, t] of m.entries) {
      for (let j = 0; j < t.unitRuns.length; j += 2) {
        const off = i * ext + o + t.unitRuns[j];
        const len = t.unitRuns[j + 1];
        const last = out[out.length - 1];
        if (last && last[0] + last[1] === off) last[1] += len;
        else out.push([off, len]);
      }
    }
  }
  return out;
}

const caseArb = fc.record({ r: recipeArb, count: fc.nat(3), seed: fc.integer() })
  .filter(({ r, count }) => modelRuns(model(r), count).reduce((a, x) => a + x[1], 0) < 4096);

describe("typemap flattening matches MPI's definitions", () => {
  it("size, bounds, true bounds, runs and basic layout agree with the naive model", () => {
    fc.assert(fc.property(caseArb, ({ r, count }) => {
      const dt = build(r);
      const m = model(r);
      const expected = modelRuns(m, count);
      expect(dt.size).toBe(m.entries.reduce((a, [, t]) => a + t.size, 0));
      expect([dt.lb, dt.extent]).toEqual([m.lb, m.ub - m.lb]);
      const one = modelRuns(m, 1);
      if (one.length > 0) {
        expect(dt.trueLb).toBe(Math.min(...one.map((x) => x[0])));
        expect(dt.trueUb).toBe(Math.max(...one.map((x) => x[0] + x[1])));
      } else expect([dt.trueLb, dt.trueExtent]).toEqual([0, 0]);
      const s = segments(dt, count, 5);
      expect(Array.from(s.offsets, (o, i) => [o - 5, s.lengths[i]])).toEqual(expected);
      expect(runCountBound(dt, count)).toBeGreaterThanOrEqual(s.count);
      // runsOf (the checkers' segments): the same runs as [start, end), or null for one span or too many.
      const got = runsOf(dt, count, 5);
      const want = expected.map(([o, l]) => [o + 5, o + 5 + l]);
      if (got !== null) expect(got).toEqual(want);
      if (!dt.dense && runCountBound(dt, count) <= 256 && expected.length > 1) expect(got).not.toBeNull();
      expect(basicLayout(dt).map((e) => [e.offset, e.type.name])).toEqual(m.entries.map(([o, t]) => [o, t.name]));
      const uniq = [...new Set(m.entries.map((e) => e[1]))];
      expect(dt.basicTypes()).toEqual(uniq);
      expect(dt.basic).toBe(uniq.length === 1 ? uniq[0] : null);
      // Strided families cover exactly the same bytes, in the same order.
      const fromStrided: [number, number][] = [];
      for (const f of stridedRuns(dt, count)) {
        for (let i = 0; i < f.repeat; i++) {
          const off = f.offset + i * f.stride;
          const last = fromStrided[fromStrided.length - 1];
          if (last && last[0] + last[1] === off) last[1] += f.length;
          else fromStrided.push([off, f.length]);
        }
      }
      expect(fromStrided).toEqual(expected);
    }), { numRuns: 1000 });
  });
});

describe("pack / unpack", () => {
  it("unpack(pack(x)) into a zeroed buffer reproduces x's typemap bytes and nothing else", () => {
    fc.assert(fc.property(caseArb, ({ r, count, seed }) => {
      const dt = build(r);
      const span = touchedSpan(dt, count);
      const base = 7 - Math.min(0, span.lo);
      const len = base + Math.max(0, span.hi) + 7;
      const x = new Uint8Array(len);
      let h = seed | 1;
      for (let i = 0; i < len; i++) { h = Math.imul(h ^ (h >>> 15), 0x2c1b3c6d) + i; x[i] = (h >>> 24) || 1; }
      const packed = pack(x, base, dt, count);
      expect(packed.length).toBe(packedSize(dt, count));
      const expected = new Uint8Array(len);
      const inMap = new Uint8Array(len);
      const gathered: number[] = [];
      for (const [o, l] of modelRuns(model(r), count)) {
        for (let i = 0; i < l; i++) { expected[base + o + i] = x[base + o + i]; inMap[base + o + i] = 1; gathered.push(x[base + o + i]); }
      }
      expect(Array.from(packed)).toEqual(gathered);
      const y = new Uint8Array(len);
      expect(unpack(packed, y, base, dt, count)).toBe(packed.length);
      expect(y).toEqual(expected);
      // Bytes outside the typemap keep whatever they held.
      const z = new Uint8Array(len).fill(0xee);
      unpack(packed, z, base, dt, count);
      for (let i = 0; i < len; i++) if (!inMap[i]) expect(z[i]).toBe(0xee);
    }), { numRuns: 1000 });
  });

  it("packs a contiguous type as a plain slice", () => {
    fc.assert(fc.property(
      fc.uint8Array({ minLength: 0, maxLength: 200 }), fc.nat(40), fc.constantFrom(BYTE, SHORT, INT, DOUBLE, DOUBLE_INT),
      (bytes, off, t) => {
        const count = Math.max(0, Math.floor((bytes.length - off) / t.extent) - 1);
        const dt = t.Create_contiguous(count);
        if (t === DOUBLE_INT) return; // not dense: its own runs have holes
        expect(pack(bytes, off, dt, 1)).toEqual(bytes.slice(off, off + count * t.size));
        expect(pack(bytes, off, t, count)).toEqual(bytes.slice(off, off + count * t.size));
      },
    ));
  });

  it("unpacks a short message into a prefix of the typemap", () => {
    const dt = INT.Create_vector(3, 1, 2);
    const dst = new Uint8Array(20);
    expect(unpack(new Uint8Array([1, 2, 3, 4, 5, 6]), dst, 0, dt, 1)).toBe(6);
    expect(Array.from(dst)).toEqual([1, 2, 3, 4, 0, 0, 0, 0, 5, 6, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  });

  it("packs one datatype used with changing counts as with each count alone (its runs are kept for the last count)", () => {
    const counts = fc.array(fc.nat(3), { minLength: 2, maxLength: 5 });
    fc.assert(fc.property(caseArb, counts, ({ r }, cs) => {
      const dt = build(r);
      const m = model(r);
      for (const count of cs) {
        if (modelRuns(m, count).reduce((a, x) => a + x[1], 0) >= 4096) continue;
        const span = touchedSpan(dt, count);
        const base = 3 - Math.min(0, span.lo);
        const x = new Uint8Array(base + Math.max(0, span.hi) + 3).map((_, i) => (i * 37 + count) & 0xff);
        const gathered: number[] = [];
        for (const [o, l] of modelRuns(m, count)) for (let i = 0; i < l; i++) gathered.push(x[base + o + i]);
        const packed = pack(x, base, dt, count);
        expect(Array.from(packed)).toEqual(gathered);
        const y = new Uint8Array(x.length);
        unpack(packed, y, base, dt, count);
        expect(Array.from(pack(y, base, dt, count))).toEqual(gathered);
      }
    }), { numRuns: 300 });
  });

  it("packs a type of more runs than are kept by walking it", () => {
    const dt = BYTE.Create_vector(3000, 1, 2).Commit();
    const src = new Uint8Array(6000).map((_, i) => i & 0xff);
    const packed = pack(src, 0, dt, 1);
    expect(packed.length).toBe(3000);
    expect(Array.from(packed.subarray(0, 4))).toEqual([0, 2, 4, 6]);
    const dst = new Uint8Array(6000);
    expect(unpack(packed, dst, 0, dt, 1)).toBe(3000);
    for (let i = 0; i < 6000; i++) expect(dst[i]).toBe(i % 2 === 0 ? i & 0xff : 0);
  });

  it("forEachRun merges runs across element boundaries", () => {
    const got: [number, number][] = [];
    forEachRun(INT.Create_resized(0, 4).Create_vector(2, 1, 1), 3, 100, (o, l) => got.push([o, l]));
    expect(got).toEqual([[100, 24]]);
  });
});
