/**
 * What the world knows about user memory: the trace's ids of ArrayBuffers, the footprint names
 * DPOR compares (schedule-independent), and how many reasons each buffer is watched for (window
 * memory, an active request, an RMA op), which decides whether loads and stores are reported.
 */
import type { RankState } from "./world-types.ts";

export class WorldMemory {
  /** Deterministic ids for ArrayBuffers seen by the trace. */
  private traceIds = new WeakMap<ArrayBufferLike, string>();
  private traceCount = 0;
  /** Names of memory for footprints (window memory named by its window), see name(). */
  private names = new WeakMap<ArrayBufferLike, string>();
  private watched = new WeakMap<ArrayBufferLike, number>();

  constructor(private readonly ranks: readonly RankState[]) {}

  /** The trace's id of a buffer ("r<owner>b<n>"), made at first sight. */
  traceId(buf: ArrayBufferLike, owner: number): string {
    let id = this.traceIds.get(buf);
    if (!id) {
      id = `r${owner}b${this.traceCount++}`;
      this.traceIds.set(buf, id);
    }
    return id;
  }

  /** Give memory a schedule-independent name for footprints (e.g. "win3@1" for rank 1's window memory). */
  name(buf: ArrayBufferLike, name: string): void {
    this.names.set(buf, name);
  }

  /**
   * The footprint name of memory: its given name, else one made at first sight from the rank that
   * saw it and that rank's own count (trace ids are left alone: footprints must not change traces).
   */
  nameOf(buf: ArrayBufferLike, owner: number): string {
    return this.names.get(buf) ?? this.nameAtSight(buf, owner);
  }

  /** Name memory now if it has no name yet (a rank's own code is handing it to MPI). */
  nameIfNew(buf: ArrayBufferLike, rank: number): void {
    if (!this.names.has(buf)) this.nameAtSight(buf, rank);
  }

  /**
   * Name memory after the rank's call that first showed it (its own call index is the same in
   * every schedule): `mem:<rank>:<call>:<k>`. Done when a rank's own code hands memory to MPI
   * (watch, bufferId), so names do not depend on which event touches the memory first.
   */
  private nameAtSight(buf: ArrayBufferLike, rank: number): string {
    const st = this.ranks[rank];
    if (!st) return "mem:?";
    if (st.memCall !== st.callSeq) {
      st.memCall = st.callSeq;
      st.memSeq = 0;
    }
    const n = `mem:${rank}:${st.callSeq}:${st.memSeq++}`;
    this.names.set(buf, n);
    return n;
  }

  /** One more reason to watch buf; true when it was not watched before. */
  watch(buf: ArrayBufferLike): boolean {
    const n = this.watched.get(buf) ?? 0;
    this.watched.set(buf, n + 1);
    return n === 0;
  }

  /**
   * One reason fewer; true when buf is no longer watched. A count that drops to zero stays in the
   * map (a persistent request watches and releases its buffer every iteration: deleting and
   * re-adding the entry each time churned the map's table).
   */
  unwatch(buf: ArrayBufferLike): boolean {
    const n = this.watched.get(buf);
    if (n === undefined || n <= 1) {
      if (n !== undefined) this.watched.set(buf, 0);
      return true;
    }
    this.watched.set(buf, n - 1);
    return false;
  }

  isWatched(buf: ArrayBufferLike): boolean {
    return (this.watched.get(buf) ?? 0) > 0;
  }
}
