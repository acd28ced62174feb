import type { EnabledSet, EventKind, SimEvent } from "../core/events.ts";
import type { Buffering, World } from "../core/world.ts";
import { RoundRobinStrategy, type Strategy } from "./strategy.ts";

/**
 * The schedule of a run, in one shape (loom's `Path`: a typed branch list, followed with a
 * cursor). Every nondeterministic choice of a run is here:
 *
 * - buffering mode and eager limit: path-level fields (they hold for the whole run);
 * - which enabled event fires at a step: an `event` branch. A wildcard receive's match is one of
 *   these too: the matched sender is the `deliver` event chosen at that step, so judging another
 *   matching is following the path with a different event branch (`divert`).
 *
 * Only non-default branches are stored: at a step without a branch the run takes the default,
 * the event enabled longest ago (round-robin). A smaller path is a simpler story, which is what
 * shrinking and fast-check's shrinking exploit. The schedule token (token.ts) is this value
 * serialised; Session.path is the path of the run so far; the TUI driver, shrinking, the
 * fast-check arbitrary and exploration's replays all pass Paths.
 */
export interface Path {
  /** Program hash (the token keeps its first 12 hex digits). */
  hash: string;
  ranks: number;
  buffering: Buffering;
  eagerLimit: number;
  /** Non-default branches in increasing step order. */
  branches: Branch[];
}

/** At `step`, fire the event with this identity (kind, rank, seq: stable across runs). */
export interface EventBranch {
  type: "event";
  step: number;
  kind: EventKind;
  rank: number;
  seq: number;
}

/** A typed branch of a path. Today every branch chooses an event (see Path). */
export type Branch = EventBranch;

export function eventBranch(step: number, ev: Pick<SimEvent, "kind" | "rank" | "seq">): EventBranch {
  return { type: "event", step, kind: ev.kind, rank: ev.rank, seq: ev.seq };
}

/** Numbers in a RecordedPath's first, plain chunk (1,024 branches of three). */
const CHUNK = 3 * 1024;
/** Numbers per later, off-heap chunk (16,384 branches: 384 kB, few allocations for a long run). */
const BIG_CHUNK = 3 * 16384;

/**
 * The path a run records as it goes (Session.path). Branches are kept as packed numbers — step,
 * rank·8+kind, seq — and given as Branch values only when read: a random schedule takes a
 * non-default branch at most steps, and an object per branch, alive for the whole run, was a
 * third of a long run's time (all of it garbage collection). The first 1,024 branches go into a
 * plain array (most runs of an exploration are short: an off-heap allocation each would cost more
 * than it saves); the rest into fixed Float64Arrays of 16,384 branches, made once each and never
 * grown (chunks of 1,024 were an allocation every 1,500 steps of a random ring: 3.6 % of it). Their storage is off V8's heap: a long run's path (6 numbers a step under a random
 * schedule of thousands of ranks) is neither copied by every scavenge nor promoted.
 */
export class RecordedPath implements Path {
  private readonly first: number[] = [];
  private readonly big: Float64Array[] = [];
  private cur: Float64Array | null = null;
  private n = 0;
  private made: Branch[] | null = [];

  constructor(
    readonly hash: string,
    readonly ranks: number,
    readonly buffering: Buffering,
    readonly eagerLimit: number,
  ) {
  }

  /** A path's branches packed (the token encoder reads every path so). */
  static of(p: Path): RecordedPath {
    const r = new RecordedPath(p.hash, p.ranks, p.buffering, p.eagerLimit);
    for (const b of p.branches) r.record(b.step, b);
    return r;
  }

  /** At `step` the run fired `ev`, not the default. Steps only increase. */
  record(step: number, ev: Pick<SimEvent, "kind" | "rank" | "seq">): void {
    const k = this.n * 3;
    if (k < CHUNK) this.first.push(step, ev.rank * 8 + ev.kind, ev.seq);
    else {
      const at = (k - CHUNK) % BIG_CHUNK;
      let cur = this.cur;
      if (at === 0 || cur === null) {
        this.cur = cur = new Float64Array(BIG_CHUNK);
        this.big.push(cur);
      }
      cur[at] = step;
      cur[at + 1] = ev.rank * 8 + ev.kind;
      cur[at + 2] = ev.seq;
    }
    this.n++;
    this.made = null;
  }

  /** How many branches are recorded. */
  get length(): number {
    return this.n;
  }

  /** The k-th packed number. */
  private num(k: number): number {
    if (k < CHUNK) return this.first[k];
    const b = k - CHUNK;
    return this.big[(b / BIG_CHUNK) | 0][b % BIG_CHUNK];
  }

  /** Branch i's three numbers without making a Branch (the token encoder reads them so). */
  step(i: number): number {
    return this.num(i * 3);
  }
  rankKind(i: number): number {
    return this.num(i * 3 + 1);
  }
  seq(i: number): number {
    return this.num(i * 3 + 2);
  }

  /** Branch i as a Branch value. */
  private branch(i: number): Branch {
    const rk = this.num(i * 3 + 1);
    return { type: "event", step: this.num(i * 3), kind: (rk % 8) as EventKind, rank: Math.floor(rk / 8), seq: this.num(i * 3 + 2) };
  }

  /** The last branch recorded, if any (without making the others). */
  last(): Branch | undefined {
    return this.n > 0 ? this.branch(this.n - 1) : undefined;
  }

  /** The branches so far (made when first read after a change; do not modify). */
  get branches(): Branch[] {
    if (this.made === null) {
      const out: Branch[] = new Array(this.n);
      for (let i = 0; i < this.n; i++) out[i] = this.branch(i);
      this.made = out;
    }
    return this.made;
  }
}

/**
 * The branches that reach `step` as the path does, then take `ev` there instead (its later
 * branches dropped: they were recorded in another future). E.g. a wildcard receive matched with
 * another sender: `new FollowStrategy(divert(path.branches, step, otherDeliver))`.
 */
export function divert(branches: readonly Branch[], step: number, ev: Pick<SimEvent, "kind" | "rank" | "seq">): Branch[] {
  return [...branches.filter((b) => b.step < step), eventBranch(step, ev)];
}

/**
 * A cursor over a path's branches. Steps only move forward within one run; asking twice at the
 * same step gives the same answer (the TUI asks what Enter would fire, then fires it).
 */
export class PathCursor {
  private pos = 0;
  constructor(readonly branches: readonly Branch[]) {}

  /** Step of the last branch (-1 for an empty path): past it the path has nothing to say. */
  get end(): number {
    return this.branches.length ? this.branches[this.branches.length - 1].step : -1;
  }

  /** The branch recorded for `step`, if any. */
  at(step: number): Branch | undefined {
    const bs = this.branches;
    while (this.pos < bs.length && bs[this.pos].step < step) this.pos++;
    const b = bs[this.pos];
    return b !== undefined && b.step === step ? b : undefined;
  }

  /**
   * The event the path fires at `step`: its branch's event, else the default (oldest). A branch
   * whose event is not enabled (shrinking removed what enabled it) takes the default too.
   */
  event(enabled: EnabledSet, step: number): SimEvent {
    const b = this.at(step);
    return (b !== undefined && enabled.find(b.kind, b.rank, b.seq)) || enabled.oldest()!;
  }
}

/**
 * The one prefix follower: follows `branches` (the default wherever they have none) up to their
 * last step, then lets `after` choose. Replay is `new FollowStrategy(path.branches)`; shrinking's
 * prefix-then-random is `new FollowStrategy(prefix, new RandomStrategy(seed))`; the TUI follows
 * the path it is editing and re-points the follower with `follow()`.
 */
export class FollowStrategy implements Strategy {
  readonly name: string;
  private cursor: PathCursor;
  constructor(
    branches: readonly Branch[],
    private readonly after: Strategy = new RoundRobinStrategy(),
    name = "replay",
  ) {
    this.name = name;
    this.cursor = new PathCursor(branches);
  }

  /** Follow other branches from now on (the TUI after the user diverged). */
  follow(branches: readonly Branch[]): void {
    this.cursor = new PathCursor(branches);
  }

  /** What this strategy fires at `step` (without choosing: asking is free of side effects on `after`). */
  expected(enabled: EnabledSet, step: number): SimEvent | undefined {
    return step <= this.cursor.end ? this.cursor.event(enabled, step) : undefined;
  }

  choose(enabled: EnabledSet, world: World): SimEvent {
    return this.expected(enabled, world.step) ?? this.after.choose(enabled, world);
  }
}
