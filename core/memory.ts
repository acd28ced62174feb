/**
 * What the world knows about user memory: the trace's ids of ArrayBuffers, the footprint names
 * DPOR compares (schedule-independent), and how many reasons each buffer is watched for (window
 * memory, an active request, an RMA op), which decides whether loads and stores are reported.
 */
import type { RankState } from "./world-types.ts";

/** What the world knows of one ArrayBuffer (one entry for all three questions: one lookup, not three). */
class BufferInfo {
  /** the trace's id ("r<owner>b<n>"), made at first sight */
  id: string | undefined = undefined;
  /** the footprint name */
  name: string | undefined = undefined;
  /** how many reasons it is watched for */
  watched = 0;
}

export class WorldMemory {
  private readonly info = new WeakMap<ArrayBufferLike, BufferInfo>();
  /**
   * The last few buffers asked about and their entries: an RMA call asks of each of its buffers
   * its trace id, then watches it, and its completion releases them; the program's next loads
   * ask again. A weak map lookup is a hash probe; this is a few pointer comparisons. Held no
   * longer than the world: user memory the run already names.
   */
  private readonly memoBuf: (ArrayBufferLike | null)[] = [null, null, null, null];
  private readonly memoInfo: (BufferInfo | null)[] = [null, null, null, null];
  private memoNext = 0;
  private traceCount = 0;

  constructor(private readonly ranks: readonly RankState[]) {}

  /** The buffer's entry, if it has one. */
  private find(buf: ArrayBufferLike): BufferInfo | undefined {
    const m = this.memoBuf;
    if (buf === m[0]) return this.memoInfo[0]!;
    if (buf === m[1]) return this.memoInfo[1]!;
    if (buf === m[2]) return this.memoInfo[2]!;
    if (buf === m[3]) return this.memoInfo[3]!;
    const i = this.info.get(buf);
    if (i !== undefined) this.remember(buf, i);
    return i;
  }

  private remember(buf: ArrayBufferLike, i: BufferInfo): void {
    const k = this.memoNext;
    this.memoNext = (k + 1) & 3;
    this.memoBuf[k] = buf;
    this.memoInfo[k] = i;
  }

  /** The buffer's entry, made if it has none. */
  private entry(buf: ArrayBufferLike): BufferInfo {
    let i = this.find(buf);
    if (i === undefined) {
      i = new BufferInfo();
      this.info.set(buf, i);
      this.remember(buf, i);
    }
    return i;
  }

  /** The trace's id of a buffer ("r<owner>b<n>"), made at first sight. */
  traceId(buf: ArrayBufferLike, owner: number): string {
    const i = this.entry(buf);
    return (i.id ??= `r${owner}b${this.traceCount++}`);
  }

  /** Give memory a schedule-independent name for footprints (e.g. "win3@1" for rank 1's window memory). */
  name(buf: ArrayBufferLike, name: string): void {
    this.entry(buf).name = name;
  }

  /**
   * The footprint name of memory: its given name, else one made at first sight from the rank that
   * saw it and that rank's own count (trace ids are left alone: footprints must not change traces).
   */
  nameOf(buf: ArrayBufferLike, owner: number): string {
    return this.find(buf)?.name ?? this.nameAtSight(buf, owner);
  }

  /** Name memory now if it has no name yet (a rank's own code is handing it to MPI). */
  nameIfNew(buf: ArrayBufferLike, rank: number): void {
    if (this.find(buf)?.name === undefined) this.nameAtSight(buf, rank);
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
    this.entry(buf).name = n;
    return n;
  }

  /** One more reason to watch buf; true when it was not watched before. */
  watch(buf: ArrayBufferLike): boolean {
    return this.entry(buf).watched++ === 0;
  }

  /**
   * One reason fewer; true when buf is no longer watched. A count that drops to zero stays in its
   * entry (a persistent request watches and releases its buffer every iteration).
   */
  unwatch(buf: ArrayBufferLike): boolean {
    const i = this.find(buf);
    if (i === undefined || i.watched <= 1) {
      if (i !== undefined) i.watched = 0;
      return true;
    }
    i.watched--;
    return false;
  }

  isWatched(buf: ArrayBufferLike): boolean {
    const i = this.find(buf);
    return i !== undefined && i.watched > 0;
  }
}
