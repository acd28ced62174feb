/**
 * The space-time model of a run, read from its trace records alone: per rank the calls (issue
 * step → completion step), messages and RMA operations as arrows between lanes, epochs and locks
 * as bands, collectives as joins, and the diagnostics pinned to the records of their accesses.
 * Pure data: render.ts turns it into SVG; the TUI could draw it in text.
 */
import type { Access, Diagnostic } from "../../core/diagnostic.ts";
import type { SourceLoc } from "../../core/errors.ts";
import { formatRange } from "../../core/errors.ts";
import type { TraceRecord } from "../../core/trace.ts";
import { isIoRecord, type IoRecord } from "../../core/io/records.ts";

export interface CallBox {
  rank: number;
  call: string;
  from: number;
  /** Completion step; undefined while still pending (at the end: the call never returned). */
  to: number | undefined;
  blocking: boolean;
  args?: string;
  loc?: SourceLoc;
  error?: string;
}

export interface Arrow {
  kind: "message" | "rma" | "rma-done";
  from: { rank: number; step: number };
  to: { rank: number; step: number };
  label: string;
  /** RMA operation name (Put, Get, Accumulate…), for colour. */
  op?: string;
}

export interface Band {
  rank: number;
  kind: "fence" | "lock" | "lock_all" | "access" | "exposure";
  from: number;
  to: number | undefined;
  label: string;
  exclusive?: boolean;
}

export interface Mark {
  rank: number;
  step: number;
  kind: "load" | "store" | "file" | "output" | "other";
  label: string;
  loc?: SourceLoc;
}

export interface Join {
  step: number;
  members: number[];
  label: string;
}

/** Where one access of a diagnostic was found in the picture. */
export interface Pin {
  diag: number;
  rank: number;
  step: number;
  label: string;
}

export interface DiagInfo {
  index: number;
  kind: string;
  message: string;
  step: number | undefined;
  ranks: number[];
  pins: Pin[];
}

export interface SpaceTime {
  ranks: number;
  minStep: number;
  maxStep: number;
  calls: CallBox[];
  arrows: Arrow[];
  bands: Band[];
  marks: Mark[];
  joins: Join[];
  diagnostics: DiagInfo[];
}

const sameLoc = (a: SourceLoc | undefined, b: SourceLoc | undefined) => !!a && !!b && a.line === b.line && a.column === b.column && a.file.endsWith(b.file.split("/").pop() ?? "");
const short = (call: string) => call.replace(/^(Comm|Win|File|Request|Prequest)\./, "");

export function buildModel(ranks: number, trace: readonly TraceRecord[], diagnostics: readonly Diagnostic[]): SpaceTime {
  const calls: CallBox[] = [];
  const arrows: Arrow[] = [];
  const bands: Band[] = [];
  const marks: Mark[] = [];
  const joins: Join[] = [];
  const openCall = new Map<string, CallBox>();
  /** (rank, request id) → step of the latest call that used it: where a message starts. */
  const reqCall = new Map<string, number>();
  const issues = new Map<string, { rank: number; step: number; op: string }>();
  const applied = new Map<string, { rank: number; step: number }>();
  const openBand = new Map<string, Band>();
  let minStep = Infinity;
  let maxStep = 0;
  let pendingLocal: CallBox | undefined;

  const openB = (key: string, b: Band) => {
    const prev = openBand.get(key);
    if (prev && prev.to === undefined) prev.to = b.from;
    openBand.set(key, b);
    bands.push(b);
  };
  const closeB = (key: string, step: number) => {
    const b = openBand.get(key);
    if (b && b.to === undefined) b.to = step;
    openBand.delete(key);
  };

  for (const rec of trace) {
    minStep = Math.min(minStep, rec.step);
    maxStep = Math.max(maxStep, rec.step);
    switch (rec.t) {
      case "call": {
        for (const q of rec.reqs ?? []) reqCall.set(`${rec.rank}:${q}`, rec.step);
        // A blocking call right after its own local half (Send = post + wait) is one box.
        if (rec.blocking && pendingLocal && pendingLocal.rank === rec.rank && pendingLocal.call === short(rec.call) && pendingLocal.from === rec.step) {
          pendingLocal.blocking = true;
          pendingLocal.to = undefined;
          openCall.set(`${rec.rank}:${rec.id}`, pendingLocal);
          pendingLocal = undefined;
          break;
        }
        const box: CallBox = { rank: rec.rank, call: short(rec.call), from: rec.step, to: rec.blocking ? undefined : rec.step, blocking: !!rec.blocking, args: rec.args, loc: rec.loc };
        calls.push(box);
        if (rec.blocking) openCall.set(`${rec.rank}:${rec.id}`, box);
        pendingLocal = rec.blocking ? undefined : box;
        break;
      }
      case "complete": {
        const box = openCall.get(`${rec.rank}:${rec.id}`);
        if (box) {
          box.to = rec.step;
          if (rec.error) box.error = rec.error;
          openCall.delete(`${rec.rank}:${rec.id}`);
        }
        break;
      }
      case "deliver": {
        const from = reqCall.get(`${rec.src}:${rec.sreq}`) ?? rec.step;
        arrows.push({ kind: "message", from: { rank: rec.src, step: from }, to: { rank: rec.dst, step: rec.step }, label: `msg ${rec.msg} tag ${rec.tag} ${rec.bytes} B${rec.sync ? " (sync)" : ""}${rec.wildcard ? " (ANY_SOURCE)" : ""}` });
        break;
      }
      case "sync":
        if (rec.members.length > 1) joins.push({ step: rec.step, members: rec.members, label: `${rec.kind} on ${rec.comm}` });
        break;
      case "load":
      case "store":
        marks.push({ rank: rec.rank, step: rec.step, kind: rec.t, label: `${rec.t.toUpperCase()} ${rec.buf} ${formatRange(rec.off, rec.off + rec.len)}`, loc: rec.loc });
        break;
      case "output":
        break;
      case "rma-issue": {
        const id = rec.id;
        issues.set(id, { rank: rec.rank, step: rec.step, op: rec.op });
        marks.push({ rank: rec.rank, step: rec.step, kind: "other", label: `${rec.op} → rank ${rec.target} on ${rec.win} bytes ${formatRange(...rec.trange)}`, loc: rec.loc });
        break;
      }
      case "rma-apply": {
        const id = rec.id;
        const iss = issues.get(id);
        applied.set(id, { rank: rec.rank, step: rec.step });
        if (iss) arrows.push({ kind: "rma", from: { rank: iss.rank, step: iss.step }, to: { rank: rec.rank, step: rec.step }, label: `${iss.op} ${id} applied at rank ${rec.rank} on ${rec.win}`, op: iss.op });
        break;
      }
      case "rma-complete": {
        const id = rec.id;
        const ap = applied.get(id);
        if (ap && rec.what === "remote" && ap.rank !== rec.rank) {
          arrows.push({ kind: "rma-done", from: ap, to: { rank: rec.rank, step: rec.step }, label: `${issues.get(id)?.op ?? "op"} ${id} complete at origin`, op: issues.get(id)?.op });
        }
        break;
      }
      case "epoch": {
        const win = rec.win;
        const kind = rec.kind;
        const key = `${rec.rank}:${win}`;
        if (kind === "fence") {
          // Each fence closes the previous fence epoch and opens the next (MPI 4.1 §12.5.1).
          openB(`${key}:fence`, { rank: rec.rank, kind: "fence", from: rec.step, to: undefined, label: `fence epoch on ${win}` });
        } else if (kind === "lock") {
          const ex = rec.lockType === "exclusive";
          openB(`${key}:lock:${rec.target}`, { rank: rec.rank, kind: "lock", from: rec.step, to: undefined, label: `${ex ? "exclusive" : "shared"} lock on rank ${rec.target} (${win})`, exclusive: ex });
        } else if (kind === "unlock") closeB(`${key}:lock:${rec.target}`, rec.step);
        else if (kind === "lock_all") openB(`${key}:lockall`, { rank: rec.rank, kind: "lock_all", from: rec.step, to: undefined, label: `Lock_all (${win})` });
        else if (kind === "unlock_all") closeB(`${key}:lockall`, rec.step);
        else if (kind === "start") openB(`${key}:start`, { rank: rec.rank, kind: "access", from: rec.step, to: undefined, label: `access epoch (Start) on ${win}` });
        else if (kind === "complete") closeB(`${key}:start`, rec.step);
        else if (kind === "post") openB(`${key}:post`, { rank: rec.rank, kind: "exposure", from: rec.step, to: undefined, label: `exposure epoch (Post) on ${win}` });
        else if (kind === "wait") closeB(`${key}:post`, rec.step);
        break;
      }
      case "win-free": {
        // A window's Free ends its fence epochs.
        const key = `${rec.rank}:${rec.win}:fence`;
        const b = openBand.get(key);
        if (b && b.to === undefined) b.to = b.from === rec.step ? rec.step : rec.step;
        openBand.delete(key);
        break;
      }
      default:
        if (isIoRecord(rec)) marks.push({ rank: rec.rank, step: rec.step, kind: "file", label: `${rec.t} ${describeFields(rec)}` });
    }
  }
  // A fence epoch whose next fence never came (the last Fence of a run) is no epoch at all.
  for (let i = bands.length - 1; i >= 0; i--) if (bands[i].kind === "fence" && bands[i].to === undefined) bands.splice(i, 1);
  if (minStep === Infinity) minStep = 0;

  const diags = diagnostics.map((d, index) => pinDiagnostic(d, index, calls, marks));
  return { ranks, minStep, maxStep, calls, arrows, bands, marks, joins, diagnostics: diags };
}

function describeFields(r: IoRecord): string {
  return Object.entries(r)
    .filter(([k]) => !["t", "step", "rank", "time", "loc"].includes(k))
    .map(([k, v]) => `${k}=${typeof v === "object" ? JSON.stringify(v) : String(v)}`)
    .join(" ");
}

/** Find each access of a diagnostic in the picture: same rank and source location (or operation), latest at or before the diagnostic. */
function pinDiagnostic(d: Diagnostic, index: number, calls: CallBox[], marks: Mark[]): DiagInfo {
  const pins: Pin[] = [];
  const limit = d.step ?? Infinity;
  const accesses: Access[] = d.accesses ?? [];
  for (const a of accesses) {
    let best: { step: number } | undefined;
    const consider = (rank: number, step: number, loc: SourceLoc | undefined, op: string) => {
      if (rank !== a.rank || step > limit) return;
      const locOk = a.loc ? sameLoc(loc, a.loc) : op.toLowerCase().endsWith(short(a.op).toLowerCase()) || short(a.op).toLowerCase().startsWith(op.toLowerCase());
      if (locOk && (!best || step >= best.step)) best = { step };
    };
    for (const c of calls) consider(c.rank, c.from, c.loc, c.call);
    for (const m of marks) consider(m.rank, m.step, m.loc, m.kind === "other" ? m.label.split(" ")[0] : m.kind);
    // Accesses with no matching record (e.g. a pending call of a deadlock) pin to the rank's last call.
    if (!best) {
      const last = [...calls].reverse().find((c) => c.rank === a.rank && c.from <= limit);
      if (last) best = { step: last.from };
    }
    if (best) pins.push({ diag: index, rank: a.rank, step: best.step, label: `${a.op} by rank ${a.rank}${a.bytes ? ` bytes ${formatRange(a.bytes[0], a.bytes[1])}` : ""}${a.where ? ` at ${a.where}` : ""}` });
  }
  return { index, kind: d.kind, message: d.message, step: d.step, ranks: d.ranks, pins };
}
