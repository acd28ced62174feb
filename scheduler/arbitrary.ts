import fc from "fast-check";
import type { EnabledSet, SimEvent } from "../core/events.ts";
import type { World } from "../core/world.ts";
import type { RunInfo, Strategy } from "./strategy.ts";
import { encodeToken } from "./token.ts";

/**
 * fast-check arbitrary of schedules (SPEC §5). A value is a list of small numbers, one per
 * scheduling point with more than one enabled event: 0 takes the default (the oldest enabled
 * event), k > 0 the ((k−1) mod n)-th enabled event in canonical order. fast-check shrinks the
 * list (shorter, smaller numbers), which is shrinking towards the default schedule. A value is
 * itself the run's strategy (a generator of paths, not a follower of one: a pick indexes a
 * scheduling point, not a step), and prints as the schedule token of its last run's path:
 *
 *   fc.assert(fc.asyncProperty(schedules({ ranks: 4 }), async (s) => {
 *     const r = await run(program, { ranks: 4, strategy: s });
 *     expect(r.diagnostics).toEqual([]);
 *   }));   // counterexample: [ms1.3f2a….4.e.AQID…]  → mpisim replay FILE TOKEN
 */
export class ScheduleValue implements Strategy {
  readonly name = "fast-check";
  private i = 0;
  private world: World | undefined;
  private info: RunInfo | undefined;
  constructor(
    readonly picks: readonly number[],
    readonly ranks: number | undefined,
  ) {}

  begin(run: RunInfo): void {
    this.info = run;
    this.world = run.world;
    this.i = 0;
  }

  choose(enabled: EnabledSet, world: World): SimEvent {
    if (world !== this.world) {
      this.world = world;
      this.i = 0;
    }
    const k = this.picks[this.i++] ?? 0;
    const oldest = enabled.oldest()!;
    if (k === 0) return oldest;
    const canon = enabled.canonical();
    return canon[(k - 1) % canon.length];
  }

  /** The token of the last run made with this value (the run's path; undefined before any run). */
  get token(): string | undefined {
    return this.info ? encodeToken(this.info.path) : undefined;
  }

  toString(): string {
    return this.token ?? `schedule(${JSON.stringify(this.picks)})`;
  }

  [fc.toStringMethod](): string {
    return this.toString();
  }
}

export interface SchedulesOptions {
  /** Rank count the schedules are meant for (informative: pass it to run() as well). */
  ranks?: number;
  /** Longest choice list (default 64 scheduling points; later points take the default). */
  maxLength?: number;
  /** Largest pick (default 8: enough to reach any of 8 enabled events). */
  maxPick?: number;
}

export function schedules(opts: SchedulesOptions = {}): fc.Arbitrary<ScheduleValue> {
  return fc
    .array(fc.nat({ max: opts.maxPick ?? 8 }), { maxLength: opts.maxLength ?? 64 })
    .map((picks) => new ScheduleValue(picks, opts.ranks));
}
