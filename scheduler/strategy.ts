import type { EnabledSet, SimEvent } from "../core/events.ts";
import type { World } from "../core/world.ts";
import { Prng } from "./prng.ts";

/**
 * A strategy picks the next event among the enabled ones. It is a small object so that random,
 * round-robin, PCT, DPOR, replay and the interactive TUI share one scheduler loop.
 */
export interface Strategy {
  readonly name: string;
  choose(enabled: EnabledSet, world: World): SimEvent;
  /** Optional: also ask at steps with one enabled event (DPOR records every step). */
  readonly everyStep?: boolean;
  /** Optional: told what run begins (exploration strategies keep one object per run, fast-check values print tokens). */
  begin?(run: RunInfo): void;
  /** Optional: told after each event has fired (the world is quiescent again). */
  fired?(ev: SimEvent, world: World): void;
  /** Optional: set to true (e.g. in choose) to end the run before firing (DPOR's sleep-set blocked runs). */
  readonly halted?: boolean;
}

/** What a strategy is told when a run begins. */
export interface RunInfo {
  hash: string;
  ranks: number;
  buffering: "eager" | "rendezvous";
  eagerLimit: number;
  world: World;
}

/** The default: the event enabled longest ago (FIFO), a fair round-robin over ranks and messages. */
export class RoundRobinStrategy implements Strategy {
  readonly name = "round-robin";
  choose(enabled: EnabledSet): SimEvent {
    return enabled.oldest()!;
  }
}

/** Uniform choice among the enabled events, from a seeded PRNG. */
export class RandomStrategy implements Strategy {
  readonly name = "random";
  private rng: Prng;
  constructor(readonly seed: number) {
    this.rng = new Prng(seed);
  }
  choose(enabled: EnabledSet): SimEvent {
    return enabled.items[this.rng.below(enabled.size)];
  }
}

/** One recorded choice: at `step`, fire the event with this identity. */
export interface Choice {
  step: number;
  kind: number;
  rank: number;
  seq: number;
}

/**
 * Replays recorded choices; at every other step (or when a recorded event is not enabled, as
 * happens while shrinking) it takes the default choice, so a schedule is its non-default choices.
 */
export class ReplayStrategy implements Strategy {
  readonly name = "replay";
  private i = 0;
  /** Recorded choices that could not be honoured (event not enabled at that step). */
  misses = 0;
  constructor(
    private readonly choices: readonly Choice[],
    private readonly fallback: Strategy = new RoundRobinStrategy(),
  ) {}
  choose(enabled: EnabledSet, world: World): SimEvent {
    const step = world.step;
    while (this.i < this.choices.length && this.choices[this.i].step < step) this.i++;
    const c = this.choices[this.i];
    if (c && c.step === step) {
      this.i++;
      const ev = enabled.find(c.kind as never, c.rank, c.seq);
      if (ev) return ev;
      this.misses++;
    }
    return this.fallback.choose(enabled, world);
  }
}
