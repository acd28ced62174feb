/**
 * Harmful versus harmless message races (SPEC §4 `message-race`). MPI 4.1 §3.5 leaves open which
 * of several matching messages a wildcard receive gets; that is a bug only when the choice shows
 * in what the program does. For each wildcard race the checker predicted (the receive matched
 * message A while message B could have matched it), the program is run once more under a
 * deterministic strategy that holds A back until B is delivered — the other matching — and the
 * two runs' observable results are compared: each rank's output lines, the files left behind,
 * the window memory at the end, how the run ended, and the other diagnostics. Equal: the race is
 * immaterial and becomes a note (RunResult.notes), which does not fail `check`. Different, or
 * the other matching could not be forced: it stays a `message-race`.
 *
 * The decision is a pure function of the program and the run's schedule: the alternative run
 * depends only on the token's buffering and the two message identities.
 */
import { createHash } from "node:crypto";
import type { Diagnostic } from "../core/diagnostic.ts";
import { EventKind, type EnabledSet, type SimEvent } from "../core/events.ts";
import type { WinShared } from "../core/rma/window.ts";
import type { World } from "../core/world.ts";
import { diagnosticKey } from "./plan.ts";
import type { RunOptions, RunResult } from "./run.ts";
import type { Strategy } from "./strategy.ts";
import { decodeToken } from "./token.ts";

/** The two messages of a wildcard race: "src:seq" of the one matched and of the other candidate. */
export interface Matching {
  matched: string;
  other: string;
}

/** Alternative runs per run at most (each distinct race is judged once). */
const MAX_JUDGED = 4;

/**
 * Round-robin (oldest enabled event first), except that message `avoid` is not delivered while
 * anything else can run, until message `want` has been delivered.
 */
export class AlternativeMatching implements Strategy {
  readonly name = "alternative-matching";
  /** `want` was delivered before `avoid` */
  reached = false;
  private done = false;
  private readonly avoid: [number, number];
  private readonly want: [number, number];

  constructor(m: Matching) {
    this.avoid = parseMsg(m.matched);
    this.want = parseMsg(m.other);
  }

  choose(enabled: EnabledSet): SimEvent {
    const first = enabled.oldest()!;
    if (this.done) return first;
    const want = enabled.find(EventKind.Deliver, this.want[0], this.want[1]);
    if (want !== undefined) {
      this.done = this.reached = true;
      return want;
    }
    if (!isMsg(first, this.avoid)) return first;
    for (const ev of enabled.canonical()) if (!isMsg(ev, this.avoid)) return ev;
    // Only the matched message can go on: the other matching is not reachable from here.
    this.done = true;
    return first;
  }
}

function parseMsg(id: string): [number, number] {
  const [src, seq] = id.split(":").map(Number);
  return [src, seq];
}

function isMsg(ev: SimEvent, [src, seq]: [number, number]): boolean {
  return ev.kind === EventKind.Deliver && ev.rank === src && ev.seq === seq;
}

/** What a run did, as far as the user can tell: a hash per observable. */
export function observed(r: RunResult): Record<string, string> {
  const hash = (f: (h: ReturnType<typeof createHash>) => void) => {
    const h = createHash("sha256");
    f(h);
    return h.digest("hex");
  };
  return {
    outputs: hash((h) => h.update(JSON.stringify(r.outputs))),
    "how the run ended": r.status,
    files: hash((h) => {
      for (const name of Object.keys(r.files ?? {}).sort()) h.update(`file ${name}\0`).update(r.files![name]);
    }),
    "window memory": hash((h) => {
      for (const w of windows(r.world)) {
        for (const m of w.members) {
          if (m.region) h.update(new Uint8Array(m.region.buffer as ArrayBuffer, m.region.base, m.region.size));
          for (const a of m.attached) h.update(new Uint8Array(a.buffer as ArrayBuffer, a.base, a.size));
        }
      }
    }),
    diagnostics: JSON.stringify(r.diagnostics.filter((d) => d.kind !== "message-race").map((d) => diagnosticKey(d)).sort()),
  };
}

/** The observables that differ between two runs. */
function differences(a: Record<string, string>, b: Record<string, string>): string[] {
  return Object.keys(a).filter((k) => a[k] !== b[k]);
}

function windows(world: World): readonly WinShared[] {
  const rma = world.subsystems.get("rma") as { windows?: WinShared[] } | undefined;
  return rma?.windows ?? [];
}

/**
 * Judge the run's message races (in place): harmless ones move from `diagnostics` to `notes`
 * with `note: true`. `rerun` runs the program with the checkers and strict wildcards.
 */
export async function judgeWildcards(result: RunResult, opts: RunOptions, rerun: (o: RunOptions) => Promise<RunResult>): Promise<void> {
  const races = result.diagnostics.filter((d): d is Diagnostic & { matching: Matching } => d.kind === "message-race" && d.matching !== undefined);
  // A run on a caller's file system (a real directory, a shared MemoryFileSystem) is not rerun:
  // the second run would see, and change, the first one's files. Its races stay message-races.
  if (races.length === 0 || opts.ioDir !== undefined || opts.fs !== undefined) return;
  const t = decodeToken(result.schedule);
  const mine = observed(result);
  const verdicts = new Map<string, string[] | null>();
  const notes: Diagnostic[] = [];
  for (const d of races) {
    const key = `${d.matching.matched}|${d.matching.other}`;
    // null: not judged (too many, or the other matching could not be forced); []: harmless
    let changed = verdicts.get(key);
    if (changed === undefined) {
      changed = null;
      if (verdicts.size < MAX_JUDGED) {
        const strategy = new AlternativeMatching(d.matching);
        // The caller's observers and callbacks belong to the run they asked for, not to this one.
        const { schedule: _s, seed: _seed, strategy: _st, observers: _o, onRankError: _e, stopWhen: _w, ...rest } = opts;
        const alt = await rerun({ ...rest, ranks: t.ranks, buffering: t.buffering, eagerLimit: t.eagerLimit, strategy, keepTrace: false, strictWildcards: true });
        if (strategy.reached) changed = differences(mine, observed(alt));
      }
      verdicts.set(key, changed);
    }
    if (changed !== null && changed.length > 0) d.message += `; run with that matching, it changes the program's ${changed.join(", ")}`;
    if (changed !== null && changed.length === 0) {
      d.note = true;
      d.message += " — the other matching was run and changes nothing the program does (outputs, memory, files, diagnostics): a note, not an error";
      notes.push(d);
    }
  }
  if (notes.length === 0) return;
  result.diagnostics = result.diagnostics.filter((d) => d.note !== true);
  result.notes = [...(result.notes ?? []), ...notes];
}
