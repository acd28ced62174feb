/**
 * How the threads of one sampled exploration (explore --workers N: the main thread and N-1 pool
 * threads) share its schedules: a counter in shared memory that each thread advances to take the
 * next position of the schedule list, and the earliest position after which no thread may start
 * a schedule (the first failure when the exploration stops there, or a run the watchdog cut).
 *
 * Taking positions as they come instead of a fixed share each keeps both cores busy to the end
 * (a run's cost varies with the buffering and the schedule; a fresh pool thread joins a second
 * later) and needs no message: the main thread may be busy running schedules itself. It cannot
 * change a result: a schedule's outcome depends only on its index (planRun), each thread takes
 * positions in increasing order (so emits in increasing order, as the merge expects), and every
 * position before a stop has been taken (the counter only grows), so it runs to completion.
 */

const NEXT = 0;
const STOP = 1;

/** Shared state of one exploration's dealing (plain data: it crosses to worker threads). */
export interface Deal {
  shared: SharedArrayBuffer;
  /** A failing schedule stops the exploration (ExploreOptions.all is false). */
  stopOnFailure: boolean;
}

export function newDeal(stopOnFailure: boolean): Deal {
  const shared = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
  const a = new Int32Array(shared);
  a[NEXT] = 0;
  a[STOP] = 0x7fffffff;
  return { shared, stopOnFailure };
}

/** The positions a thread takes from a deal, in increasing order, until `length` or the stop. */
export class DealTaker {
  private readonly a: Int32Array;
  constructor(private readonly deal: Deal) {
    this.a = new Int32Array(deal.shared);
  }

  /** The next position to run, or -1 when there is none left (all taken, or past the stop). */
  take(length: number): number {
    const pos = Atomics.add(this.a, NEXT, 1);
    return pos < length && pos <= Atomics.load(this.a, STOP) ? pos : -1;
  }

  /** No thread starts a position after `pos` (kept at the earliest such position). */
  stopAfter(pos: number): void {
    for (let cur = Atomics.load(this.a, STOP); pos < cur; cur = Atomics.load(this.a, STOP)) {
      if (Atomics.compareExchange(this.a, STOP, cur, pos) === cur) return;
    }
  }

  /** Stop after this run: a failure (when failures stop the exploration) or a cut run. */
  ranInto(pos: number, failed: boolean, cut: boolean): boolean {
    const stop = cut || (failed && this.deal.stopOnFailure);
    if (stop) this.stopAfter(pos);
    return stop;
  }

  /** Nothing further starts (an error elsewhere ends the exploration). */
  stopAll(): void {
    this.stopAfter(-1);
  }
}
