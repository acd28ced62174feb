import type { Access, Diagnostic, DiagnosticKind } from "../core/diagnostic.ts";
import { formatLoc, type SourceLoc } from "../core/errors.ts";
import type { CallRecord, TraceRecord } from "../core/trace.ts";
import type { World } from "../core/world.ts";
import type { Handlers } from "./dispatch.ts";

/**
 * A checker: an independent subscriber of the trace. It never touches the world; it returns its
 * diagnostics when the run is over. `finish` gets the world only to read it (rank statuses).
 */
export interface Checker {
  /** The record kinds it reads and what it does with each (checkers/dispatch.ts). */
  readonly handlers: Handlers;
  finish(world?: World): Diagnostic[];
}

/**
 * Where in the run the checkers are, kept once by the checker set for all of them: the record
 * being looked at (its step is read only when a diagnostic is made), its position among the
 * records read (from 1: an order, not an identity), and each rank's latest MPI call as of it.
 */
export interface Cursor {
  rec: TraceRecord | null;
  seq: number;
  readonly last: LastCalls;
}

export function newCursor(size: number): Cursor {
  return { rec: null, seq: 0, last: new LastCalls(size) };
}

/** An empty list per rank (a loop: Array.from with a mapping function is several times slower, and this is paid every run). */
export function listsPerRank<T>(size: number): T[][] {
  const out: T[][] = [];
  for (let r = 0; r < size; r++) out.push([]);
  return out;
}

/** Each rank's latest MPI call and its location: what a later record of the rank (a request's use, a window's creation) belongs to. */
export class LastCalls {
  readonly call: string[];
  readonly loc: (SourceLoc | undefined)[];

  constructor(size: number) {
    this.call = new Array<string>(size).fill("");
    this.loc = new Array<SourceLoc | undefined>(size).fill(undefined);
  }

  note(rec: CallRecord): void {
    this.call[rec.rank] = rec.call;
    this.loc[rec.rank] = rec.loc;
  }
}

/** Collects diagnostics, one per (kind, pair of source locations): a race inside a loop is one diagnostic. */
export class Findings {
  /** made with the first finding: most runs have none, and every checker has its Findings */
  private seen: Map<string, Diagnostic> | null = null;
  readonly list: Diagnostic[] = [];

  constructor(private readonly cursor: Cursor) {}

  /** Add unless an equivalent one is known; returns the diagnostic kept. */
  add(d: Diagnostic, key = dedupKey(d)): Diagnostic {
    const seen = (this.seen ??= new Map());
    const old = seen.get(key);
    if (old !== undefined) return old;
    d.step ??= this.cursor.rec?.step ?? 0;
    seen.set(key, d);
    this.list.push(d);
    return d;
  }

  has(key: string): boolean {
    return this.seen !== null && this.seen.has(key);
  }
}

/** kind + the sorted source locations of its accesses (or its own location). */
export function dedupKey(d: Diagnostic): string {
  const ws = (d.accesses ?? []).map((a) => a.where ?? `${a.op}@${a.rank}`);
  if (ws.length === 0 && d.where) ws.push(d.where);
  ws.sort();
  return `${d.kind}|${ws.join("|")}`;
}

export function access(op: string, rank: number, loc: SourceLoc | undefined, extra: Omit<Access, "op" | "rank" | "loc" | "where"> = {}): Access {
  const a: Access = { op, rank, ...extra };
  if (loc !== undefined) {
    a.loc = loc;
    a.where = formatLoc(loc);
  }
  return a;
}

export function diagnostic(kind: DiagnosticKind, message: string, ranks: number[], rest: Partial<Diagnostic> = {}): Diagnostic {
  const rs = [...new Set(ranks)].sort((a, b) => a - b);
  return { kind, message, ranks: rs, ...rest };
}

/** "file.ts:12:5" without the directories, for messages. */
export function short(loc: SourceLoc | undefined): string {
  if (loc === undefined) return "an unknown place";
  const f = loc.file.slice(loc.file.lastIndexOf("/") + 1);
  return `${f}:${loc.line}:${loc.column}`;
}
