import { EVENT_KIND_NAMES, EventKind, type EnabledSet, type SimEvent } from "../core/events.ts";
import type { RankState, World } from "../core/world.ts";
import { callDecl } from "../core/footprint-decl.ts";
import { Prng } from "./prng.ts";
import type { Strategy } from "./strategy.ts";

/**
 * PCT, probabilistic concurrency testing (Burckhardt, Kothari, Musuvathi, Nagarakatte, ASPLOS'10).
 *
 * Each "thread" gets a random distinct priority ≥ d; d−1 priority change points are drawn
 * uniformly among the first k steps; the enabled event of the highest-priority thread runs, and at
 * the i-th change point the thread about to run drops to priority i (< d). A bug of depth d is
 * found by one run with probability ≥ 1/(n·k^(d−1)) for n threads and k steps.
 *
 * Threads here are event agents: "resume rank r", "deliveries from rank r", "RMA operations of
 * rank r", … (kind × rank), so a message in flight can be delayed like a thread.
 */
export class PctStrategy implements Strategy {
  readonly name = "pct";
  private rng: Prng;
  private prio = new Map<number, number>();
  /** Consecutive polls chosen per agent, and the lowest priority handed out to yielding spinners. */
  private spins = new Map<number, number>();
  private floor = -1;
  private changes: number[];
  private nextChange = 0;
  /** Agents seen in this run (n of the bound). */
  agents = 0;

  constructor(
    readonly seed: number,
    /** Bug depth d ≥ 1. */
    readonly depth: number,
    /** Steps k over which change points are drawn (an estimate of the run's length). */
    readonly steps: number,
  ) {
    this.rng = new Prng(seed);
    const k = Math.max(1, Math.floor(steps));
    this.changes = Array.from({ length: Math.max(0, depth - 1) }, () => this.rng.below(k)).sort((a, b) => a - b);
  }

  private agent(ev: SimEvent): number {
    return ev.rank * 8 + ev.kind;
  }

  private priority(a: number): number {
    let p = this.prio.get(a);
    if (p === undefined) {
      // Distinct with probability 1 - 2^-32 per pair; ties break on the agent number.
      p = this.depth + this.rng.float() * 1e6;
      this.prio.set(a, p);
      this.agents++;
    }
    return p;
  }

  private best(enabled: EnabledSet): SimEvent {
    let best: SimEvent | undefined;
    let bp = -Infinity;
    let ba = 0;
    // Within one agent, the oldest event (FIFO per thread).
    for (const ev of enabled.items) {
      const a = this.agent(ev);
      const p = this.priority(a);
      if (best === undefined || p > bp || (p === bp && (a < ba || (a === ba && ev.stamp < best.stamp)))) {
        best = ev;
        bp = p;
        ba = a;
      }
    }
    return best!;
  }

  choose(enabled: EnabledSet, world: World): SimEvent {
    let ev = this.best(enabled);
    while (this.nextChange < this.changes.length && this.changes[this.nextChange] <= world.step) {
      // The i-th change point: the thread about to run drops to priority d − i, below every initial one.
      this.prio.set(this.agent(ev), this.depth - (this.nextChange + 1));
      this.nextChange++;
      ev = this.best(enabled);
    }
    // Fairness for polling loops: strict priorities would let a rank spinning on Test/Iprobe
    // starve the very event it waits for (an RMA apply, a delivery), a schedule no MPI execution
    // has (MPI 4.1 §3.7.4 progress: a Test of a completable request eventually succeeds). After
    // SPIN_LIMIT polls in a row while other events were enabled, the spinner yields: its agent
    // drops below every other priority (this is not one of the d change points).
    if (enabled.size > 1 && ev.kind === EventKind.Resume && isPoll(ev)) {
      const a = this.agent(ev);
      const n = (this.spins.get(a) ?? 0) + 1;
      this.spins.set(a, n);
      if (n > SPIN_LIMIT) {
        this.spins.set(a, 0);
        this.prio.set(a, --this.floor);
        ev = this.best(enabled);
      }
    } else if (ev.kind === EventKind.Resume) this.spins.delete(this.agent(ev));
    return ev;
  }
}

/** Polls a rank may repeat, while others could run, before PCT makes it yield. */
const SPIN_LIMIT = 64;

/** Is this the resume of a polling call (declared by its owner: core/footprint-decl.ts), which a waiting loop repeats? */
function isPoll(ev: SimEvent): boolean {
  const p = (ev.data as RankState).pending;
  return p !== null && callDecl(p.call).poll;
}

/** PCT's guarantee for one run: 1/(n·k^(d−1)). */
export function pctBound(n: number, k: number, d: number): number {
  return 1 / (Math.max(1, n) * Math.pow(Math.max(1, k), Math.max(0, d - 1)));
}

/** "n threads" text of an agent number, for reports. */
export function agentName(a: number): string {
  return `${EVENT_KIND_NAMES[a % 8] ?? "?"}:${Math.floor(a / 8)}`;
}
