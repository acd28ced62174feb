/**
 * The TUI's view of a run: a plain, immutable snapshot built from the Session after each step.
 * Components render only this; they never see the World, the scheduler or a subsystem.
 */
import type { Session } from "../../scheduler/session.ts";
import type { SimEvent } from "../../core/events.ts";
import { EVENT_KIND_NAMES, EventKind } from "../../core/events.ts";
import type { TraceRecord } from "../../core/trace.ts";
import { formatLoc, formatRange } from "../../core/errors.ts";
import type { Diagnostic } from "../../core/diagnostic.ts";
import type { Buffering } from "../../core/world.ts";
import type { RmaEngine } from "../../core/rma/engine.ts";
import type { RmaOp } from "../../core/rma/op.ts";
import { IoEngine, type PendingWrite } from "../../core/io/engine.ts";
import { isIoRecord } from "../../core/io/records.ts";
import type { RankTracker } from "./tracker.ts";
import { formatDiagnostic } from "../report.ts";

export type RunStatus = "running" | "ok" | "deadlock" | "aborted" | "step-limit";

export interface RankView {
  rank: number;
  status: string;
  /** The call the rank is in (or was last in), e.g. "Win.Lock". */
  call?: string;
  where?: string;
  /** Active requests, e.g. "req 3 send". */
  requests: string[];
  /** Epochs and locks held, e.g. "lock excl → 0 (w#0)", "fence (w#1)". */
  epochs: string[];
  /** The last line it printed. */
  output?: string;
}

/** Bytes an enabled event will touch when fired. */
export interface Touch {
  space: "win" | "file";
  /** Window id or file name. */
  name: string;
  /** For windows: the target rank whose memory is touched. */
  rank?: number;
  ranges: [number, number][];
  mode: "read" | "write" | "rw";
}

export interface EventView {
  key: string;
  rank: number;
  kind: string;
  label: string;
  /** The scheduler's default choice (oldest enabled). */
  isDefault: boolean;
  touches?: Touch;
}

export interface MemoryView {
  space: "win" | "file";
  /** "w#0 @ rank 0" or the file name. */
  title: string;
  name: string;
  rank?: number;
  size: number;
  /** The first bytes (up to MAX_BYTES). */
  bytes: number[];
}

export interface LogLine {
  step: number;
  rank: number;
  text: string;
  kind: "call" | "complete" | "message" | "rma" | "epoch" | "file" | "output" | "diagnostic" | "other";
}

export interface DiagView {
  kind: string;
  message: string;
  /** The whole diagnostic as text (message, accesses with their byte ranges, location). */
  text: string;
  step?: number;
  where?: string;
}

export interface Snapshot {
  program: string;
  ranks: number;
  step: number;
  buffering: Buffering;
  token: string;
  status: RunStatus;
  rankViews: RankView[];
  enabled: EventView[];
  memory: MemoryView[];
  log: LogLine[];
  diagnostics: DiagView[];
}

export const MAX_BYTES = 256;
/** Log lines a snapshot keeps (the panel shows the latest; L reads them all). */
export const MAX_LOG = 200;

/** Build the snapshot of a session now. */
export function takeSnapshot(session: Session, tracker: RankTracker, status: RunStatus, diagnostics: readonly Diagnostic[]): Snapshot {
  const world = session.world;
  const oldest = world.enabled.oldest();
  const enabled = session.enabled().map((ev) => eventView(ev, ev === oldest));
  const rankViews: RankView[] = world.ranks.map((st) => {
    const t = tracker.rank(st.rank);
    return {
      rank: st.rank,
      status: st.status,
      call: st.pending?.call ?? t.lastCall,
      where: st.pendingLoc ? formatLoc(st.pendingLoc) : t.lastWhere,
      requests: t.requests(),
      epochs: t.epochs(),
      output: st.output.length ? st.output[st.output.length - 1] : undefined,
    };
  });
  return {
    program: session.program.name,
    ranks: session.ranks,
    step: world.step,
    buffering: session.buffering,
    token: session.token(),
    status,
    rankViews,
    enabled,
    memory: memoryViews(session),
    log: tracker.log.slice(-MAX_LOG),
    diagnostics: diagnostics.map((d) => ({ kind: d.kind, message: d.message, text: formatDiagnostic({ ...d, schedule: undefined }, session.program.name), step: d.step, where: d.where ?? d.accesses?.find((a) => a.where)?.where })),
  };
}

function eventView(ev: SimEvent, isDefault: boolean): EventView {
  const v: EventView = { key: ev.key, rank: ev.rank, kind: EVENT_KIND_NAMES[ev.kind], label: ev.describe(), isDefault };
  if (ev.kind === EventKind.RmaApply) {
    const op = ev.data as RmaOp;
    const base = op.win.members[op.targetLocal]?.region?.base ?? 0;
    if (op.tgt && op.tgt.end > op.tgt.start) {
      const mode = op.name === "Get" ? "read" : op.name === "Put" || op.name === "Accumulate" ? "write" : "rw";
      v.touches = { space: "win", name: op.win.id, rank: op.target, ranges: [[op.tgt.start - base, op.tgt.end - base]], mode };
    }
  } else if (ev.kind === EventKind.FileOp) {
    const w = ev.data as Partial<PendingWrite>;
    if (w && w.file && Array.isArray(w.ranges)) {
      const ranges: [number, number][] = [];
      for (let i = 0; i + 1 < w.ranges.length; i += 2) ranges.push([w.ranges[i], w.ranges[i + 1]]);
      v.touches = { space: "file", name: w.file.name, ranges, mode: "write" };
    }
  }
  return v;
}

function memoryViews(session: Session): MemoryView[] {
  const out: MemoryView[] = [];
  const world = session.world;
  const rma = world.subsystems.get("rma") as RmaEngine | undefined;
  for (const sh of rma?.windows ?? []) {
    sh.members.forEach((m, local) => {
      if (!m.region || m.region.size === 0 || sh.freed[local]) return;
      const rank = sh.ctx.worldRank(local);
      const bytes = new Uint8Array(m.region.buffer, m.region.base, Math.min(m.region.size, MAX_BYTES));
      out.push({ space: "win", title: `${sh.id} @ rank ${rank}`, name: sh.id, rank, size: m.region.size, bytes: Array.from(bytes) });
    });
  }
  const io = IoEngine.peek(world);
  if (io) {
    for (const name of [...io.touched].sort()) {
      if (!io.fs.exists(name)) continue;
      const size = io.fs.size(name);
      const buf = new Uint8Array(Math.min(size, MAX_BYTES));
      io.fs.read(name, 0, buf);
      out.push({ space: "file", title: name, name, size, bytes: Array.from(buf) });
    }
  }
  return out;
}

/** One trace record as a log line (the TUI's event log). */
export function logLine(rec: TraceRecord): LogLine | undefined {
  switch (rec.t) {
    case "call":
      return rec.blocking ? { step: rec.step, rank: rec.rank, kind: "call", text: `${rec.call}${rec.args ? ` ${rec.args}` : ""}${rec.loc ? `  ${rec.loc.line}:${rec.loc.column}` : ""}` } : { step: rec.step, rank: rec.rank, kind: "call", text: `${rec.call}${rec.args ? ` ${rec.args}` : ""} (local)` };
    case "complete":
      return { step: rec.step, rank: rec.rank, kind: "complete", text: `${rec.call} returned${rec.error ? `: ${rec.error}` : ""}` };
    case "deliver":
      return { step: rec.step, rank: rec.rank, kind: "message", text: `message ${rec.src}→${rec.dst} tag ${rec.tag} ${rec.bytes} B delivered` };
    case "rma-issue":
      return { step: rec.step, rank: rec.rank, kind: "rma", text: `${rec.op} → rank ${rec.target} ${rec.win} bytes ${formatRange(...rec.trange)}` };
    case "rma-apply":
      return { step: rec.step, rank: rec.rank, kind: "rma", text: `op ${rec.id} applied at rank ${rec.target}` };
    case "epoch":
      return { step: rec.step, rank: rec.rank, kind: "epoch", text: `${rec.kind}${rec.target !== undefined ? ` ${rec.target}` : ""}${rec.lockType ? ` ${rec.lockType}` : ""} on ${rec.win}` };
    case "output":
      return { step: rec.step, rank: rec.rank, kind: "output", text: `> ${rec.text}` };
    case "diagnostic":
      return { step: rec.step, rank: rec.rank, kind: "diagnostic", text: `!! ${rec.diagnostic.kind}: ${rec.diagnostic.message}` };
    case "sync":
      return { step: rec.step, rank: rec.rank, kind: "other", text: `${rec.kind} completes on ${rec.comm}` };
    default:
      if (isIoRecord(rec)) return { step: rec.step, rank: rec.rank, kind: "file", text: `${rec.t} ${rec.file}` };
      return undefined;
  }
}
