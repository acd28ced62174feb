/**
 * The target side of an RMA call: mpi4py's `target` argument, the window memory it lands in, and
 * the checks MPI makes on it (range, type signature, accumulate rules).
 */
import { MPIException, formatRange } from "../errors.ts";
import {
  Datatype, assertCommitted, forEachBasicRun, touchedSpan, type ResolvedBuffer,
} from "../datatype/index.ts";
import type { TargetRef } from "./op.ts";
import type { Region, WinShared } from "./window.ts";

/** mpi4py's target: None | disp | [disp] | [disp, count] | [disp, count, datatype] (MPI 4.1 §12.3). */
export interface TargetSpec {
  disp: number;
  count: number;
  datatype: Datatype;
}

/**
 * Parse `target`; omitted parts default to the origin's count and datatype, as mpi4py's
 * message_rma does (target count / datatype = origin's).
 */
export function parseTarget(target: unknown, originCount: number, originType: Datatype, call: string): TargetSpec {
  const out: TargetSpec = { disp: 0, count: originCount, datatype: originType };
  if (target === null || target === undefined) return out;
  if (typeof target === "number" || typeof target === "bigint") {
    out.disp = asDisp(target, call);
    return out;
  }
  if (!Array.isArray(target)) {
    throw new MPIException("ERR_ARG", `target must be a displacement or [disp, count, datatype], got ${describe(target)}`, call);
  }
  if (target.length > 3) throw new MPIException("ERR_ARG", `target: expecting 3 items at most, got ${target.length}`, call);
  if (target.length >= 1) out.disp = asDisp(target[0], call);
  if (target.length >= 2) {
    const c = target[1];
    if (typeof c !== "number" || !Number.isSafeInteger(c) || c < 0) throw new MPIException("ERR_COUNT", `target count must be a non-negative integer, got ${describe(c)}`, call);
    out.count = c;
  }
  if (target.length >= 3) {
    const dt = target[2];
    if (!(dt instanceof Datatype)) throw new MPIException("ERR_TYPE", `target datatype must be an MPI.Datatype, got ${describe(dt)}`, call);
    out.datatype = dt;
  }
  assertCommitted(out.datatype, call);
  return out;
}

function asDisp(v: unknown, call: string): number {
  const n = typeof v === "bigint" ? Number(v) : v;
  if (typeof n !== "number" || !Number.isSafeInteger(n)) throw new MPIException("ERR_ARG", `target displacement must be an integer, got ${describe(v)}`, call);
  return n;
}

/**
 * Where the target spec lands in member `t`'s memory. MPI 4.1 §12.3: the target buffer starts
 * at window base + disp × disp_unit and must lie inside the window (ERR_RMA_RANGE); in a dynamic
 * window disp is an address (MPI.Get_address) inside an attached region.
 */
export function locateTarget(
  win: WinShared, t: number, spec: TargetSpec, addresses: { knownAddress(buffer: ArrayBufferLike): number | undefined }, call: string,
): TargetRef {
  const m = win.members[t];
  const span = touchedSpan(spec.datatype, spec.count);
  const empty = span.hi <= span.lo;
  let region: Region | null = null;
  let addr: number;
  if (win.flavor === "dynamic") {
    const lo = spec.disp + span.lo;
    const hi = spec.disp + span.hi;
    for (const r of m.attached) {
      const a = addresses.knownAddress(r.buffer);
      if (a === undefined) continue;
      const start = a + r.base;
      if (lo >= start && hi <= start + r.size) {
        region = r;
        break;
      }
    }
    if (!region) {
      if (!empty) {
        throw new MPIException("ERR_RMA_RANGE", `address ${spec.disp} (+ bytes ${formatRange(span.lo, span.hi)}) is not inside memory attached to ${win.name} at rank ${t} (attach it, and use MPI.Get_address for the displacement)`, call);
      }
      return emptyTarget(spec);
    }
    addr = spec.disp - addresses.knownAddress(region.buffer)!;
  } else {
    region = m.region;
    const disp = spec.disp * m.dispUnit;
    const size = region?.size ?? 0;
    if (!empty && (spec.disp < 0 || disp + span.lo < 0 || disp + span.hi > size)) {
      throw new MPIException(
        "ERR_RMA_RANGE",
        `target bytes ${formatRange(disp + span.lo, disp + span.hi)} (displacement ${spec.disp} × disp_unit ${m.dispUnit}, ${spec.count} × ${spec.datatype.describe()}) are outside the ${size}-byte window of rank ${t}`,
        call,
      );
    }
    if (!region) return emptyTarget(spec);
    addr = region.base + disp;
  }
  return {
    buffer: region.buffer, bytes: region.bytes, addr, datatype: spec.datatype, count: spec.count,
    start: empty ? addr : addr + span.lo, end: empty ? addr : addr + span.hi, bufId: region.bufId,
  };
}

function emptyTarget(spec: TargetSpec): TargetRef {
  const b = new ArrayBuffer(0);
  return { buffer: b, bytes: new Uint8Array(b), addr: 0, datatype: spec.datatype, count: spec.count, start: 0, end: 0, bufId: "" };
}

const SIGNATURE_LIMIT = 4096;

/** The type signature as merged runs of (basic representation, n); null when too long to compare cheaply. */
function signature(dt: Datatype, count: number): [string, number][] | null {
  const out: [string, number][] = [];
  let over = false;
  forEachBasicRun(dt, count, 0, (_o, n, t) => {
    if (over) return;
    const key = `${t.kind}${t.size}`;
    const last = out[out.length - 1];
    if (last && last[0] === key) last[1] += n;
    else if (out.length >= SIGNATURE_LIMIT) over = true;
    else out.push([key, n]);
  });
  return over ? null : out;
}

function isRaw(dt: Datatype): boolean {
  return dt.basic !== null && (dt.basic.kind === "byte" || dt.basic.kind === "packed");
}

/**
 * MPI 4.1 §12.3: the origin and target type signatures must match. Basic types match by
 * representation (INT ≡ INT32_T), and BYTE/PACKED on either side only needs equal sizes.
 */
export function checkSignatures(a: { datatype: Datatype; count: number }, b: { datatype: Datatype; count: number }, what: string, call: string): void {
  const sa = a.datatype.size * a.count;
  const sb = b.datatype.size * b.count;
  if (sa !== sb) {
    throw new MPIException("ERR_TYPE", `${what}: ${a.count} × ${a.datatype.describe()} (${sa} bytes) does not match ${b.count} × ${b.datatype.describe()} (${sb} bytes)`, call);
  }
  if (sa === 0 || isRaw(a.datatype) || isRaw(b.datatype)) return;
  // Built from one predefined type of the same representation on both sides, with equal sizes:
  // the signatures are the same run (the common case, decided without building them).
  const ba = a.datatype.basic;
  const bb = b.datatype.basic;
  if (ba !== null && bb !== null && (ba === bb || (ba.kind === bb.kind && ba.size === bb.size))) return;
  const x = signature(a.datatype, a.count);
  const y = signature(b.datatype, b.count);
  if (!x || !y) return;
  const same = x.length === y.length && x.every((r, i) => r[0] === y[i][0] && r[1] === y[i][1]);
  if (!same) {
    throw new MPIException("ERR_TYPE", `${what}: the type signatures of ${a.datatype.describe()} and ${b.datatype.describe()} differ`, call);
  }
}

function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (v instanceof Datatype) return v.describe();
  if (Array.isArray(v)) return `[${v.map(describe).join(", ")}]`;
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return String(v);
}
