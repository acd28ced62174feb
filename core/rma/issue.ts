/**
 * Issuing an RMA operation (MPI 4.1 §12.3): check the call, resolve the origin / result / target
 * buffers, record `rma-issue`, and enable the operation's apply event. Nothing touches target
 * memory here: that happens when the scheduler fires the apply event.
 */
import { kwList, show } from "../args.ts";
import { PROC_NULL } from "../constants.ts";
import {
  ALLOW_NULL, DEFAULT_OPTIONS, NO_OP, Op, SUM, checkOpDatatype, resolveBuffer, runsOf, type Datatype, type ResolvedBuffer,
} from "../datatype/index.ts";
import { MPIException } from "../errors.ts";
import { EventKind, SimEvent } from "../events.ts";
import { currentCallLoc } from "../instrument-runtime.ts";
import type { Request } from "../request.ts";
import { opId, type OpName, type RmaOp, type TargetRef } from "./op.ts";
import type { RmaIssueRecord } from "./records.ts";
import { RmaRequest } from "./request.ts";
import { checkSignatures, locateTarget, parseTarget, type TargetSpec } from "./target.ts";
import type { Win } from "./win.ts";

interface Parsed {
  obuf: ResolvedBuffer | null;
  cbuf: ResolvedBuffer | null;
  rbuf: ResolvedBuffer | null;
  targetRank: unknown;
  target: unknown;
  op: Op | null;
  /** the datatype and count a target defaults to */
  dflt: { datatype: Datatype; count: number };
  /** Fetch_and_op / Compare_and_swap take a displacement only */
  dispOnly: boolean;
}

function buf(spec: unknown, call: string, allowNull = false): ResolvedBuffer {
  return resolveBuffer(spec, call, allowNull ? ALLOW_NULL : DEFAULT_OPTIONS);
}

function asOp(o: unknown, call: string): Op {
  if (!(o instanceof Op)) throw new MPIException("ERR_OP", `expected an MPI.Op, got ${show(o)}`, call);
  o.usable(call);
  return o;
}

function single(b: ResolvedBuffer, what: string, call: string): void {
  if (b.count !== 1) throw new MPIException("ERR_COUNT", `${what}: expecting a single element, got ${b.count} × ${b.datatype.describe()}`, call);
}

// mpi4py's parameter names per operation, and their defaults (undefined: required).
const PUT_GET = ["origin", "target_rank", "target"];
const PUT_GET_DFLT = [undefined, undefined, null];
const ACC = ["origin", "target_rank", "target", "op"];
const ACC_DFLT = [undefined, undefined, null, SUM];
const GET_ACC = ["origin", "result", "target_rank", "target", "op"];
const GET_ACC_DFLT = [undefined, undefined, undefined, null, SUM];
const FETCH = ["origin", "result", "target_rank", "target_disp", "op"];
const FETCH_DFLT = [undefined, undefined, undefined, 0, SUM];
const CAS = ["origin", "compare", "result", "target_rank", "target_disp"];
const CAS_DFLT = [undefined, undefined, undefined, undefined, 0];
/** kwList's scratch: each case reads it into locals at once */
const ARGS: unknown[] = [];

/** mpi4py's argument lists, positional or with one options object. */
function parseArgs(name: OpName, args: unknown[], call: string): Parsed {
  switch (name) {
    case "Put":
    case "Get": {
      const v = kwList(args, PUT_GET, PUT_GET_DFLT, ARGS);
      const origin = v[0], targetRank = v[1], target = v[2];
      const b = buf(origin, call);
      return {
        obuf: name === "Put" ? b : null, cbuf: null, rbuf: name === "Get" ? b : null, targetRank, target,
        op: null, dflt: b, dispOnly: false,
      };
    }
    case "Accumulate": {
      const v = kwList(args, ACC, ACC_DFLT, ARGS);
      const origin = v[0], targetRank = v[1], target = v[2];
      const op = asOp(v[3], call);
      // MPI 4.1 §12.3.4: predefined ops or REPLACE; NO_OP only in the fetching forms.
      if (op.fn !== null) throw new MPIException("ERR_OP", "accumulate operations take predefined ops only, not user-defined ones (MPI 4.1 §12.3.4)", call);
      if (op === NO_OP) throw new MPIException("ERR_OP", "MPI_NO_OP is only valid in Get_accumulate and Fetch_and_op (MPI 4.1 §12.3.4)", call);
      const b = buf(origin, call);
      return { obuf: b, cbuf: null, rbuf: null, targetRank, target, op, dflt: b, dispOnly: false };
    }
    case "Get_accumulate": {
      const v = kwList(args, GET_ACC, GET_ACC_DFLT, ARGS);
      const origin = v[0], result = v[1], targetRank = v[2], target = v[3];
      const op = asOp(v[4], call);
      if (op.fn !== null) throw new MPIException("ERR_OP", "accumulate operations take predefined ops only, not user-defined ones (MPI 4.1 §12.3.4)", call);
      const o = buf(origin, call, op === NO_OP);
      const r = buf(result, call);
      const noOrigin = o.isNull || op === NO_OP;
      if (!noOrigin) checkSignatures(o, r, "origin vs result", call);
      return { obuf: noOrigin ? null : o, cbuf: null, rbuf: r, targetRank, target, op, dflt: noOrigin ? r : o, dispOnly: false };
    }
    case "Fetch_and_op": {
      const v = kwList(args, FETCH, FETCH_DFLT, ARGS);
      const origin = v[0], result = v[1], targetRank = v[2], disp = v[3];
      const op = asOp(v[4], call);
      if (op.fn !== null) throw new MPIException("ERR_OP", "Fetch_and_op takes predefined ops only (MPI 4.1 §12.3.4)", call);
      const o = buf(origin, call, op === NO_OP);
      const r = buf(result, call);
      single(r, "result", call);
      const noOrigin = o.isNull || op === NO_OP;
      if (!noOrigin) {
        single(o, "origin", call);
        checkSignatures(o, r, "origin vs result", call);
      }
      const dt = (noOrigin ? r : o).datatype;
      // MPI 4.1 §12.3.4: one element of a predefined datatype.
      if (!dt.isPredefined) throw new MPIException("ERR_TYPE", `Fetch_and_op needs a predefined datatype, got ${dt.describe()}`, call);
      return { obuf: noOrigin ? null : o, cbuf: null, rbuf: r, targetRank, target: disp, op, dflt: { datatype: dt, count: 1 }, dispOnly: true };
    }
    case "Compare_and_swap": {
      const v = kwList(args, CAS, CAS_DFLT, ARGS);
      const origin = v[0], compare = v[1], result = v[2], targetRank = v[3], disp = v[4];
      const o = buf(origin, call);
      const c = buf(compare, call);
      const r = buf(result, call);
      single(o, "origin", call);
      single(c, "compare", call);
      single(r, "result", call);
      const dt = o.datatype;
      // MPI 4.1 §12.3.4: C integer, Fortran integer, logical, multi-language or byte types.
      if (!dt.isPredefined || !["int", "uint", "bool", "byte"].includes(dt.kind)) {
        throw new MPIException("ERR_TYPE", `Compare_and_swap needs an integer, logical or byte datatype, got ${dt.describe()}`, call);
      }
      checkSignatures(o, c, "origin vs compare", call);
      checkSignatures(o, r, "origin vs result", call);
      return { obuf: o, cbuf: c, rbuf: r, targetRank, target: disp, op: null, dflt: { datatype: dt, count: 1 }, dispOnly: true };
    }
  }
}

/** "Win.Rput" → "Rput" (the name records and messages use), made once per call name. */
const USER_CALLS = new Map<string, string>();
function userCallOf(call: string): string {
  let u = USER_CALLS.get(call);
  if (u === undefined) USER_CALLS.set(call, (u = call.slice("Win.".length)));
  return u;
}

function range(b: ResolvedBuffer | null): [number, number] | null {
  return b && !b.isNull ? [b.spanStart, b.spanStart + b.byteLength] : null;
}

/** The runs of a buffer (or target) whose runs are not one span, else undefined (the field is left out). */
function segs(b: ResolvedBuffer | TargetRef | null): [number, number][] | undefined {
  // A predefined (dense) datatype's elements are one span: the common case, no runs to walk.
  if (b === null || ("isNull" in b && b.isNull) || b.datatype.dense) return undefined;
  return runsOf(b.datatype, b.count, "addr" in b ? b.addr : b.byteOffset) ?? undefined;
}

/** Issue one operation; returns the request for the R-forms. */
export function issueOp(win: Win, call: string, name: OpName, requestBased: boolean, args: unknown[]): Request | undefined {
  const st = win.enter(call);
  const w = win.world;
  const sh = win.shared;
  const userCall = userCallOf(call);
  const req = requestBased ? new RmaRequest(w, st.rank, w.newRequestId(), "rma") : null;
  if (!w.recording) w.localCall(call);
  else w.localCall(call, w.describing ? describeArgs(args) : undefined, req ? { reqs: [req.id], comm: sh.id } : { comm: sh.id });
  let p: Parsed;
  let spec: TargetSpec;
  try {
    p = parseArgs(name, args, call);
    const tr = p.targetRank;
    if (tr === PROC_NULL) {
      // MPI 4.1 §12.3: an operation on PROC_NULL does nothing (the epoch must still be closed).
      req?.finish(st.clock);
      return req ?? undefined;
    }
    if (typeof tr !== "number" || !Number.isInteger(tr) || tr < 0 || tr >= sh.size) {
      throw new MPIException("ERR_RANK", `invalid target rank ${show(tr)} for ${sh.name} of ${sh.size} ranks`, call);
    }
    if (!win.covers(tr)) {
      throw new MPIException("ERR_RMA_SYNC", `${userCall} to rank ${tr} outside an access epoch (no Fence, Lock/Lock_all or Start covers it; MPI 4.1 §12.5)`, call);
    }
    // Built field by field in parseTarget's order (an object spread here was half this function's time).
    spec = p.dispOnly ? { disp: dispOf(p.target, call), count: p.dflt.count, datatype: p.dflt.datatype } : parseTarget(p.target, p.dflt.count, p.dflt.datatype, call);
    // MPI 4.1 §12.3: the origin (and result) type signatures must match the target's.
    if (p.obuf) checkSignatures(p.obuf, spec, "origin vs target", call);
    if (p.rbuf) checkSignatures(p.rbuf, spec, name === "Get" ? "origin vs target" : "result vs target", call);
    if (name === "Accumulate" || name === "Get_accumulate" || name === "Fetch_and_op") {
      // MPI 4.1 §12.3.4: the target datatype is a predefined type or built from one.
      if (spec.datatype.basic === null && spec.count > 0 && spec.datatype.size > 0) {
        throw new MPIException("ERR_TYPE", `${userCall}: the target datatype ${spec.datatype.describe()} must be built from a single predefined datatype (MPI 4.1 §12.3.4)`, call);
      }
      checkOpDatatype(p.op!, spec.datatype, call);
    }
  } catch (e) {
    throw w.adopt(e);
  }
  const t = p.targetRank as number;
  let tgt;
  try {
    tgt = locateTarget(sh, t, spec, win.engine, call);
  } catch (e) {
    throw w.adopt(e);
  }

  if (win.fenceOpen) {
    // the fence epochs are really open now (MPI 4.1 §12.5.1; sync.ts fenceNesting)
    sh.fenceTouched[win.me] |= 1;
    sh.fenceTouched[t] |= 2;
  }
  const seq = st.opSeq++;
  const op: RmaOp = {
    seq, name, call: userCall, win: sh,
    origin: st.rank, originLocal: win.me, target: sh.ctx.worldRank(t), targetLocal: t,
    obuf: p.obuf, cbuf: p.cbuf, rbuf: p.rbuf, tgt, op: p.op,
    data: null, cmp: null, applied: false, localDone: false, remoteDone: false,
    event: null as unknown as SimEvent, req, time: st.clock, watched: null, idText: null,
  };
  op.event = new SimEvent(EventKind.RmaApply, st.rank, seq, win.engine, op);
  watchFor(w, op, p.obuf);
  watchFor(w, op, p.cbuf);
  watchFor(w, op, p.rbuf);
  if (req) {
    req.op = op;
    req.engine = win.engine;
  }
  if (w.recording) {
    // One literal, every field in the record's key order (the trace hash depends on it); an
    // absent optional field is undefined, which JSON (the trace, its hash) leaves out as it did
    // when the field was missing. Object spreads here were the largest cost of an RMA call with
    // checkers on.
    const rec: RmaIssueRecord = {
      t: "rma-issue", step: w.step, rank: st.rank, time: st.clock, id: opId(op), op: userCall, win: sh.id, target: op.target,
      tbuf: tgt.end > tgt.start ? tgt.bufId : null, trange: [tgt.start, tgt.end],
      tsegs: segs(tgt), osegs: segs(p.obuf), csegs: segs(p.cbuf), rsegs: segs(p.rbuf),
      obuf: p.obuf && !p.obuf.isNull ? w.bufferId(p.obuf.buffer, st.rank) : null, orange: range(p.obuf),
      cbuf: p.cbuf ? w.bufferId(p.cbuf.buffer, st.rank) : undefined, crange: p.cbuf ? range(p.cbuf) : undefined,
      rbuf: p.rbuf ? w.bufferId(p.rbuf.buffer, st.rank) : null, rrange: range(p.rbuf),
      accOp: p.op ? p.op.name : name === "Compare_and_swap" ? "MPI_CAS" : null,
      basic: spec.datatype.basic?.name ?? null,
      loc: currentCallLoc(),
    };
    w.emit(rec);
  }
  sh.pending[win.me].push(op);
  win.engine.enable(op);
  return req ?? undefined;
}

/** The operation holds `b` until it completes: watch its memory (once per ArrayBuffer). */
function watchFor(w: Win["world"], op: RmaOp, b: ResolvedBuffer | null): void {
  if (!w.tracksMemory || b === null || b.isNull) return;
  const buf = b.buffer;
  // A one-element literal, not [] and a push: an empty array's first push reserves 17 slots.
  const ws = op.watched;
  if (ws === null) op.watched = [buf];
  else if (ws.includes(buf)) return;
  else ws.push(buf);
  w.watch(buf);
}

function dispOf(v: unknown, call: string): number {
  const n = typeof v === "bigint" ? Number(v) : v ?? 0;
  if (typeof n !== "number" || !Number.isSafeInteger(n)) throw new MPIException("ERR_ARG", `target_disp must be an integer, got ${show(v)}`, call);
  return n;
}

function describeArgs(args: unknown[]): string {
  let text = "";
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    let part: string | null = null;
    if (typeof a === "number") part = String(a);
    else if (Array.isArray(a) && allNumbers(a)) part = `[${a.join(",")}]`;
    else if (a instanceof Op) part = a.name;
    if (part !== null) text = text === "" ? `target ${part}` : `${text} ${part}`;
  }
  return text;
}

function allNumbers(a: readonly unknown[]): boolean {
  for (let i = 0; i < a.length; i++) if (typeof a[i] !== "number") return false;
  return true;
}
