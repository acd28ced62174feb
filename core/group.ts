import { IDENT, SIMILAR, UNDEFINED, UNEQUAL } from "./constants.ts";
import { MPIException } from "./errors.ts";

/** mpi4py's MPI.Group: an ordered set of world ranks, seen from one member (or non-member). */
export class Group {
  constructor(
    /** local rank -> world rank */
    readonly members: readonly number[],
    /** World rank of the process holding the handle. */
    readonly holder: number,
  ) {}

  Get_size(): number {
    return this.members.length;
  }
  get size(): number {
    return this.members.length;
  }
  Get_rank(): number {
    const i = this.members.indexOf(this.holder);
    return i < 0 ? UNDEFINED : i;
  }
  get rank(): number {
    return this.Get_rank();
  }

  private check(ranks: readonly number[], call: string): void {
    const seen = new Set<number>();
    for (const r of ranks) {
      if (!Number.isInteger(r) || r < 0 || r >= this.members.length) throw new MPIException("ERR_RANK", `rank ${r} is not in a group of size ${this.members.length}`, call);
      if (seen.has(r)) throw new MPIException("ERR_RANK", `rank ${r} appears twice`, call);
      seen.add(r);
    }
  }

  Incl(ranks: readonly number[]): Group {
    this.check(ranks, "Group.Incl");
    return new Group(ranks.map((r) => this.members[r]), this.holder);
  }
  Excl(ranks: readonly number[]): Group {
    this.check(ranks, "Group.Excl");
    const out = new Set(ranks);
    return new Group(this.members.filter((_, i) => !out.has(i)), this.holder);
  }
  Range_incl(ranges: readonly [number, number, number][]): Group {
    return this.Incl(expandRanges(ranges));
  }
  Range_excl(ranges: readonly [number, number, number][]): Group {
    return this.Excl(expandRanges(ranges));
  }
  /** Ranks of this group's `ranks` in `other` (UNDEFINED where absent). */
  Translate_ranks(ranks: readonly number[] | null, other: Group | null): number[] {
    const rs = ranks ?? this.members.map((_, i) => i);
    return rs.map((r) => {
      if (r < 0 || r >= this.members.length) throw new MPIException("ERR_RANK", `rank ${r} is not in a group of size ${this.members.length}`, "Group.Translate_ranks");
      if (!other) return r;
      const i = other.members.indexOf(this.members[r]);
      return i < 0 ? UNDEFINED : i;
    });
  }
  Union(other: Group): Group {
    return new Group([...this.members, ...other.members.filter((m) => !this.members.includes(m))], this.holder);
  }
  Intersection(other: Group): Group {
    return new Group(this.members.filter((m) => other.members.includes(m)), this.holder);
  }
  Difference(other: Group): Group {
    return new Group(this.members.filter((m) => !other.members.includes(m)), this.holder);
  }
  static Union(a: Group, b: Group): Group {
    return a.Union(b);
  }
  static Intersection(a: Group, b: Group): Group {
    return a.Intersection(b);
  }
  static Difference(a: Group, b: Group): Group {
    return a.Difference(b);
  }
  Compare(other: Group): number {
    if (this.members.length === other.members.length && this.members.every((m, i) => m === other.members[i])) return IDENT;
    if (this.members.length === other.members.length && this.members.every((m) => other.members.includes(m))) return SIMILAR;
    return UNEQUAL;
  }
  Free(): void {}
}

function expandRanges(ranges: readonly [number, number, number][]): number[] {
  const out: number[] = [];
  for (const [first, last, stride] of ranges) {
    if (stride === 0) throw new MPIException("ERR_ARG", "range stride 0", "Group.Range_incl");
    for (let r = first; stride > 0 ? r <= last : r >= last; r += stride) out.push(r);
  }
  return out;
}
