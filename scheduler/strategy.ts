import type { EnabledSet, SimEvent } from "../core/events.ts";
import type { World } from "../core/world.ts";
import type { Path } from "./path.ts";
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
  /** The run's path: its options now, its branches as the run makes them (read-only to strategies). */
  path: Readonly<Path>;
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
