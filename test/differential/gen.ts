/**
 * The seeded case generator (scheduler/prng.ts; no Math.random): random derived datatypes used
 * as file views (every write and read mode), in collectives and in RMA. A case is plain JSON,
 * run by runner.py under Open MPI and by interp.ts under mpisim.
 */
import { Prng } from "../../scheduler/prng.ts";
import { FileView } from "../../core/io/view.ts";
import { PREDEFINED, segments, type Datatype } from "../../core/datatype/index.ts";
import { build, paddingDiffers, type TypeDesc } from "./types.ts";

export const WRITE_MODES = ["at", "at_all", "ind", "ind_all", "iat", "shared", "ordered"] as const;
export const READ_MODES = ["at", "at_all", "ind", "ind_all", "iat", "shared", "ordered"] as const;
export type WriteMode = (typeof WRITE_MODES)[number];
export type ReadMode = (typeof READ_MODES)[number];

export interface IoCase {
  id: number; kind: "io"; np: number;
  ft: TypeDesc; mt: TypeDesc; etype: string; count: number;
  /** interleaved: rank r's view is ft resized to np tiles at disp r·extent; blocked: disp r·region */
  layout: "interleaved" | "blocked"; region: number;
  wmode: WriteMode; rmode: ReadMode; offset: number;
  /** etypes more than were written that each rank asks for when reading (0: none) */
  extra: number;
  /**
   * Read through overlapping tiles instead (MPI 4.1 §14.3 allows them on a read-only file): the
   * view (0, etype, etype×2 resized to one etype's extent), so every etype is read twice.
   */
  overlapRead: boolean;
}
export interface CollCase {
  id: number; kind: "coll"; np: number; dt: TypeDesc; count: number;
  op: "bcast" | "gather" | "allgather" | "alltoall" | "scatter" | "allreduce" | "reduce";
}
export interface RmaCase {
  id: number; kind: "rma"; np: number; ot: TypeDesc; tt: TypeDesc; oc: number; tc: number;
  basic: string; op: "put" | "get" | "acc" | "get_acc"; tdisp: number; winBytes: number;
}
export type Case = (IoCase | CollCase | RmaCase) & { risks: string[] };

const BASICS = ["BYTE", "SHORT", "INT", "FLOAT", "DOUBLE", "LONG"];

class Gen {
  constructor(readonly rng: Prng) {}
  int(lo: number, hi: number): number {
    return lo + this.rng.below(hi - lo + 1);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.rng.below(xs.length)];
  }
  chance(p: number): boolean {
    return this.rng.float() < p;
  }

  /**
   * A datatype whose typemap goes forwards without overlap (so it can be a filetype or a receive
   * type): blocks placed one after another with gaps, at natural alignment.
   */
  type(depth: number, basics: readonly string[]): TypeDesc {
    const kinds = depth <= 0 ? ["basic"] : ["basic", "contig", "vector", "hvector", "indexed", "iblock", "hindexed", "subarray", "struct", "resized"];
    const k = this.pick(kinds);
    if (k === "basic") return { k: "basic", t: this.pick(basics) };
    if (k === "struct") {
      const n = this.int(1, 3);
      const cs: TypeDesc[] = [];
      const bls: number[] = [];
      const ds: number[] = [];
      let at = 0;
      for (let i = 0; i < n; i++) {
        // A struct may mix basic types only where the caller's basics do (file views of bytes).
        const c = this.type(depth - 1, basics.length > 1 && this.chance(0.5) ? BASICS : basics);
        const t = build(c);
        const bl = this.int(1, 2);
        // Mostly at natural alignment, as a C compiler lays out a struct; sometimes packed, where
        // Open MPI's padding departs from the standard's (nested-padding).
        const packed = this.chance(0.15);
        at = (packed ? at - Math.min(0, t.trueLb) : alignUp(at - Math.min(0, t.trueLb), t.align)) + this.int(0, 1) * t.align;
        cs.push(c);
        bls.push(bl);
        ds.push(at);
        at += (bl - 1) * t.extent + (packed ? t.trueUb : Math.max(t.trueUb, t.ub));
      }
      return { k: "struct", bls, ds, cs };
    }
    const c = this.type(depth - 1, basics);
    const t = build(c);
    const e = t.extent;
    const step = Math.max(t.trueUb, t.ub) - Math.min(0, t.lb);
    switch (k) {
      case "contig": return { k: "contig", n: this.int(1, 3), c };
      case "vector": {
        const bl = this.int(1, 2);
        return { k: "vector", n: this.int(1, 3), bl, stride: bl + this.int(0, 2), c };
      }
      case "hvector": {
        const bl = this.int(1, 2);
        // Packed: the next block right after the data, inside the old type's padding.
        const packed = this.chance(0.15) && t.lb >= 0;
        return { k: "hvector", n: this.int(1, 3), bl, stride: (packed ? (bl - 1) * e + t.trueUb : alignUp((bl - 1) * e + step, t.align)) + this.int(0, 2) * t.align, c };
      }
      case "indexed": case "iblock": {
        const n = this.int(1, 3);
        const bl = this.int(1, 2);
        const bls = Array.from({ length: n }, () => (k === "iblock" ? bl : this.int(1, 2)));
        const ds: number[] = [];
        let at = 0;
        for (const b of bls) {
          at += this.int(0, 2);
          ds.push(at);
          at += b;
        }
        return k === "iblock" ? { k: "iblock", bl, ds, c } : { k: "indexed", bls, ds, c };
      }
      case "hindexed": {
        const n = this.int(1, 3);
        const bls = Array.from({ length: n }, () => this.int(1, 2));
        const ds: number[] = [];
        let at = 0;
        for (const b of bls) {
          at = alignUp(at, t.align) + this.int(0, 2) * t.align;
          ds.push(at);
          at += (b - 1) * e + step;
        }
        return { k: "hindexed", bls, ds, c };
      }
      case "subarray": {
        const nd = this.int(1, 2);
        const sizes = Array.from({ length: nd }, () => this.int(1, 4));
        const sub = sizes.map((s) => this.int(1, s));
        const starts = sizes.map((s, i) => this.int(0, s - sub[i]));
        return { k: "subarray", sizes, sub, starts, order: this.chance(0.5) ? "C" : "F", c };
      }
      default: // resized: lb 0, an extent that covers the data and maybe more
        return { k: "resized", lb: 0, extent: Math.max(1, t.trueUb, e) + this.int(0, 2) * t.align, c };
    }
  }

  /** A type that suits: size > 0, extent ≤ limit, data at non-negative offsets, no overlap. */
  goodType(depth: number, basics: readonly string[], limit: number, file: boolean): TypeDesc {
    for (;;) {
      const d = this.type(depth, basics);
      const t = build(d);
      if (t.size === 0 || t.extent <= 0 || t.extent > limit || t.trueLb < 0 || t.lb < 0 || t.trueUb > limit) continue;
      if (!forwards(t)) continue;
      if (file) {
        try {
          FileView.make(0, t.basic ?? PREDEFINED.BYTE, t.Commit(), "gen", true);
        } catch {
          continue;
        }
      }
      return d;
    }
  }

  paddedCopies(): TypeDesc {
    const big = this.pick(["DOUBLE", "LONG"]);
    const small = this.pick(["INT", "SHORT", "BYTE"]);
    const c: TypeDesc = { k: "struct", bls: [1, 1], ds: [0, 8], cs: [{ k: "basic", t: big }, { k: "basic", t: small }] };
    const t = build(c);
    return { k: "hvector", n: this.int(2, 3), bl: 1, stride: t.trueUb + this.int(0, 1) * 4, c };
  }

  io(id: number): Case {
    const np = this.int(1, 3);
    const single = this.chance(0.7);
    const basics = single ? [this.pick(BASICS)] : BASICS;
    // Now and then the shape where Open MPI's padding departs from the standard's: copies of a
    // padded struct placed right after its data (nested-padding).
    const ft = !single && this.chance(0.15) ? this.paddedCopies() : this.goodType(3, basics, 256, true);
    const f = build(ft);
    const etype = f.basic?.name.replace("MPI_", "") ?? "BYTE";
    const mt = this.goodType(2, f.basic ? [etype] : BASICS, 256, false);
    const m = build(mt);
    const esize = PREDEFINED[etype].size;
    let count = this.int(1, 3);
    while ((count * m.size) % esize !== 0) count++;
    const interleaved = f.lb === 0 && f.trueUb <= f.ub && this.chance(0.6);
    const wmode = this.pick(WRITE_MODES);
    // Reads use a view of the same family as the writes (per-rank views, or the one common view
    // shared-pointer calls need, MPI 4.1 §14.4.4), so that they only reach past end of file when
    // asked to (extra).
    const shared = (m: string) => m === "shared" || m === "ordered";
    const rmode = this.pick(READ_MODES.filter((m) => shared(m) === shared(wmode)));
    const pointer = (mode: string) => mode === "at" || mode === "at_all" || mode === "iat" || mode === "ind" || mode === "ind_all";
    const offset = pointer(wmode) && pointer(rmode) && this.chance(0.4) ? this.int(1, 3) : 0;
    const dataEtypes = (count * m.size) / esize;
    const tiles = Math.ceil(((offset + dataEtypes * (wmode === "shared" || wmode === "ordered" ? np : 1)) * esize) / f.size) + 1;
    const region = tiles * f.extent + this.int(0, 8);
    // Open MPI 4.1.4 never completes an Iread_at that reaches past end of file (deviations.ts).
    const extra = rmode !== "iat" && this.chance(0.15) ? this.int(1, 3) : 0;
    const overlapRead = !shared(rmode) && extra === 0 && this.chance(0.15);
    const c: IoCase = {
      id, kind: "io", np, ft, mt, etype, count, layout: interleaved ? "interleaved" : "blocked", region, wmode, rmode, offset, extra, overlapRead,
    };
    const risks = [...typeRisks([ft, mt])];
    if (extra > 0) risks.push("read-past-eof");
    return { ...c, risks };
  }

  coll(id: number): Case {
    const np = this.int(1, 3);
    const basic = this.pick(BASICS);
    const dt = this.goodType(3, [basic], 128, false);
    const op = this.pick(["bcast", "gather", "allgather", "alltoall", "scatter", "allreduce", "reduce"] as const);
    const c: CollCase = { id, kind: "coll", np, dt, count: this.int(1, 3), op };
    return { ...c, risks: typeRisks([dt]) };
  }

  rma(id: number): Case {
    // Open MPI 4.1.4 as Debian ships it has no one-sided component for a single process
    // (Win.Create → ERR_WIN; deviations.ts), so RMA cases use 2 or 3.
    const np = this.int(2, 3);
    const op = this.pick(["put", "get", "acc", "get_acc"] as const);
    const basic = op === "acc" || op === "get_acc" ? "INT" : this.pick(["INT", "DOUBLE", "SHORT"]);
    for (;;) {
      const ot = this.goodType(2, [basic], 96, false);
      const tt = this.goodType(2, [basic], 96, false);
      const a = build(ot).size;
      const b = build(tt).size;
      const l = lcm(a, b);
      if (l / a > 4 || l / b > 4) continue;
      const tc = l / b;
      const t = build(tt);
      const tdisp = this.int(0, 2) * t.align;
      const winBytes = tdisp + (tc - 1) * t.extent + t.trueUb + this.int(0, 8);
      const c: RmaCase = { id, kind: "rma", np, ot, tt, oc: l / a, tc, basic, op, tdisp, winBytes };
      const risks = typeRisks([ot, tt]);
      if (op === "get_acc" && (tt.k !== "basic" || ot.k !== "basic")) risks.push("get-accumulate-derived");
      return { ...c, risks };
    }
  }
}

function typeRisks(ds: TypeDesc[]): string[] {
  return ds.some(paddingDiffers) ? ["nested-padding"] : [];
}

/** Typemap runs never go backwards or overlap (a receive or file type must not). */
function forwards(t: Datatype): boolean {
  const s = segments(t, 1, 0);
  let end = -Infinity;
  for (let k = 0; k < s.count; k++) {
    if (s.offsets[k] < end) return false;
    end = s.offsets[k] + s.lengths[k];
  }
  return true;
}

function alignUp(x: number, a: number): number {
  return Math.ceil(x / a) * a;
}
function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
function lcm(a: number, b: number): number {
  return (a / gcd(a, b)) * b;
}

/** `n` cases from `seed`: IO, collective and RMA in the ratio 3 : 1 : 1. */
export function generate(seed: number, n: number): Case[] {
  const g = new Gen(new Prng(seed));
  const out: Case[] = [];
  for (let id = 0; id < n; id++) {
    const r = id % 5;
    out.push(r < 3 ? g.io(id) : r === 3 ? g.coll(id) : g.rma(id));
  }
  return out;
}
