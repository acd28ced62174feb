/**
 * file-conflict (SPEC §4), MPI 4.1 §14.6.1 (File Consistency). Two accesses to overlapping bytes
 * of one file, at least one a write, by different processes (or through handles of different
 * opens) are only guaranteed consistent in nonatomic mode when the first one's process syncs
 * after it (MPI_File_sync, or Close, which implies one), the second one's process syncs before
 * it (Sync, or the Open of its handle, which implies one), and the first sync happens before the
 * second — the sync-barrier-sync construction (the barrier, or any other synchronisation, gives
 * the happens-before). Accesses through one handle in atomic mode (Set_atomicity(true)) are
 * sequentially consistent. Overlapping writes of different ranks in one collective call are
 * never ordered, so they conflict too.
 */
import { firstOverlap } from "../core/ranges.ts";
import type { Diagnostic } from "../core/diagnostic.ts";
import type { SourceLoc } from "../core/errors.ts";
import { formatRange } from "../core/errors.ts";
import type { FileReadRecord, FileWriteRecord } from "../core/io/records.ts";
import { type Checker, type Cursor, Findings, access, diagnostic, short } from "./checker.ts";
import type { Handlers } from "./dispatch.ts";
import { snapshotGet, type Snapshot } from "./hb/clock.ts";
import type { HappensBefore } from "./hb/hb.ts";

interface FileAccess {
  rank: number;
  fh: string;
  write: boolean;
  /** flat sorted [start, end) pairs */
  ranges: number[];
  op: string;
  loc: SourceLoc | undefined;
  /** the epoch of the access's process's first Sync/Close on fh after it (0: none yet) */
  flushed: number;
  atomic: boolean;
  collective: number;
  dead: boolean;
}

export class FileConflictChecker implements Checker {
  private files = new Map<string, FileAccess[]>();
  /** "rank|fh" → the process's clock at its latest Sync or the Open of fh */
  private refreshed = new Map<string, Snapshot>();
  private atomicFh = new Set<string>();
  private readonly findings: Findings;

  constructor(private readonly hb: HappensBefore, cursor: Cursor) {
    this.findings = new Findings(cursor);
  }

  readonly handlers: Handlers = {
    "file-write": (rec) => this.onAccess(rec),
    "file-read": (rec) => this.onAccess(rec),
    "file-open": (rec) => {
      this.refreshed.set(`${rec.rank}|${rec.fh}`, this.hb.snapshot(rec.rank));
    },
    "file-sync": (rec) => {
      this.flush(rec.rank, rec.file, rec.fh);
      this.refreshed.set(`${rec.rank}|${rec.fh}`, this.hb.snapshot(rec.rank));
    },
    "file-close": (rec) => {
      this.flush(rec.rank, rec.file, rec.fh);
      this.refreshed.delete(`${rec.rank}|${rec.fh}`);
    },
    call: (rec) => {
      if (rec.call === "File.Set_atomicity" && rec.comm !== undefined) {
        if (/flag=true/.test(rec.args ?? "")) this.atomicFh.add(rec.comm);
        else this.atomicFh.delete(rec.comm);
      }
    },
  };

  private flush(rank: number, file: string, fh: string): void {
    const list = this.files.get(file);
    if (list === undefined) return;
    const e = this.hb.callEpoch[rank];
    for (const a of list) if (a.rank === rank && a.fh === fh && a.flushed === 0) a.flushed = e;
  }

  private onAccess(rec: FileWriteRecord | FileReadRecord): void {
    const file = rec.file;
    const ranges = flat(rec.ranges);
    if (ranges.length === 0) return;
    const fh = rec.fh;
    const b: FileAccess = {
      rank: rec.rank, fh, write: rec.t === "file-write", ranges, op: rec.op, loc: rec.loc,
      flushed: 0, atomic: this.atomicFh.has(fh), collective: rec.collective && rec.coll !== undefined ? rec.coll : -1, dead: false,
    };
    let list = this.files.get(file);
    if (list === undefined) this.files.set(file, (list = []));
    const refresh = this.refreshed.get(`${b.rank}|${fh}`);
    let w = 0;
    for (let i = 0; i < list.length; i++) {
      const a = list[i];
      if (a.dead) continue;
      list[w++] = a;
      if (!a.write && !b.write) continue;
      if (a.rank === b.rank && a.fh === b.fh) {
        // MPI 4.1 §14.6.1 case 1: one handle, one process — sequentially consistent.
        if (b.write && covers(b.ranges, a.ranges)) a.dead = true;
        continue;
      }
      const ov = firstOverlap(a.ranges, b.ranges);
      if (ov === null) continue;
      if (a.atomic && b.atomic && a.fh === b.fh) continue;
      const sameCall = a.collective >= 0 && a.collective === b.collective && a.fh === b.fh;
      const ordered =
        !sameCall && a.flushed > 0 && refresh !== undefined && snapshotGet(refresh, a.rank) >= a.flushed;
      if (ordered) continue;
      this.report(file, a, b, ov, sameCall);
    }
    list.length = w;
    list.push(b);
  }

  private report(file: string, a: FileAccess, b: FileAccess, ov: [number, number], sameCall: boolean): void {
    const why = sameCall
      ? `in the same collective ${b.op} (overlapping writes of one collective call are undefined)`
      : `with no Sync–Barrier–Sync (or Close/Open) ordering them (MPI 4.1 §14.6.1)`;
    const accs = [
      access(a.op, a.rank, a.loc, { file, bytes: ov, mode: a.write ? "write" : "read" }),
      access(b.op, b.rank, b.loc, { file, bytes: ov, mode: b.write ? "write" : "read" }),
    ].sort((x, y) => (x.where ?? "").localeCompare(y.where ?? "") || x.rank - y.rank);
    this.findings.add(
      diagnostic(
        "file-conflict",
        `${a.op} by rank ${a.rank} (${short(a.loc)}) and ${b.op} by rank ${b.rank} (${short(b.loc)}) touch bytes ${formatRange(ov[0], ov[1])} of ${file} ${why}`,
        [a.rank, b.rank],
        { predicted: true, accesses: accs },
      ),
    );
  }

  finish(): Diagnostic[] {
    return this.findings.list;
  }
}

/** [[s, e], …] → flat pairs, empty ranges left out. */
function flat(r: readonly [number, number][]): number[] {
  const out: number[] = [];
  for (const p of r) if (p[1] > p[0]) out.push(p[0], p[1]);
  return out;
}

/** Does range list `a` cover every byte of `b`? */
function covers(a: number[], b: number[]): boolean {
  let i = 0;
  for (let j = 0; j < b.length; j += 2) {
    let s = b[j];
    const e = b[j + 1];
    while (s < e) {
      while (i < a.length && a[i + 1] <= s) i += 2;
      if (i >= a.length || a[i] > s) return false;
      s = a[i + 1];
    }
  }
  return true;
}
