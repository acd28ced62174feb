/**
 * Argument rules every member's collective call is checked against (MPI 4.1 §6.1, §2.3):
 * the type signatures the members must agree on, and the send/receive buffers that must not
 * overlap. Also the buffers a non-blocking collective lends to its operation (buffer-race).
 */
import { firstOverlap } from "./ranges.ts";
import { runsOf, signature, showSignature, untyped, type Datatype, type ResolvedVBuffer } from "./datatype/index.ts";
import { MPIException, formatLoc, formatRange, type SourceLoc } from "./errors.ts";
import type { CommContext } from "./context.ts";
import type { World } from "./world.ts";

/** A buffer a collective reads ("read") or writes ("write"); non-blocking ones own it until complete. */
export type BufferUse = [UsedBuffer | null, "read" | "write"];

/** A buffer's span, with its datatype when known (then only the bytes its typemap touches count). */
export interface UsedBuffer {
  buffer: ArrayBufferLike;
  spanStart: number;
  byteLength: number;
  isNull?: boolean;
  datatype?: Datatype;
  count?: number;
  byteOffset?: number;
}

/**
 * MPI 4.1 §6.1: the type signature of what each member sends must equal what the receiver
 * expects for it (a block), so members disagreeing on a datatype or count is a
 * collective-mismatch. BYTE/PACKED data is compared by its length only.
 */
export function typeSig(dt: Datatype, count: number): string {
  return untyped(dt) ? `${count * dt.size} bytes` : showSignature(signature(dt, count));
}

/** A member's block signature; a member whose own send and receive blocks differ stands out. */
export function blockSig(send: string, recv: string): string {
  return send === recv ? `type ${send}` : `type ${send} into ${recv}`;
}

/** The memory a v-buffer (Gatherv's, Alltoallv's) lends to its operation: its whole view, conservatively. */
export function vspan(v: ResolvedVBuffer): BufferUse[0] {
  return { buffer: v.buffer, spanStart: v.view.byteOffset, byteLength: v.view.byteLength, isNull: v.isNull };
}

/**
 * MPI 4.1 §2.3 and §6.1.1: a collective's send and receive buffers must not overlap (IN_PLACE
 * is the way to reuse one). Typed arrays alias when they view overlapping bytes of one
 * ArrayBuffer (subarray). The caller raises ERR_BUFFER, as MPICH's MPIR_ERRTEST_ALIAS_COLL
 * does ("**bufalias"). Returns what overlaps, or null.
 */
export function aliased(uses: readonly BufferUse[]): string | null {
  for (const [s, sm] of uses) {
    if (s === null || s.isNull || sm !== "read" || s.byteLength === 0) continue;
    for (const [r, rm] of uses) {
      if (r === null || r.isNull || rm !== "write" || r.buffer !== s.buffer || r.byteLength === 0) continue;
      if (!(s.spanStart < r.spanStart + r.byteLength && r.spanStart < s.spanStart + s.byteLength)) continue;
      // Spans overlap; the bytes may still be disjoint (a halo's interleaved column vectors).
      const both = firstOverlap(runsOfUse(s), runsOfUse(r));
      if (both !== null) return `the send and receive buffers overlap (bytes ${formatRange(both[0], both[1])} of one ArrayBuffer)`;
    }
  }
  return null;
}

/** The byte runs a buffer's typemap touches, as a sorted flat range list, or its whole span when its datatype is unknown. */
function runsOfUse(b: UsedBuffer): number[] {
  if (b.datatype !== undefined && b.count !== undefined && b.byteOffset !== undefined) {
    const runs = runsOf(b.datatype, b.count, b.byteOffset);
    if (runs !== null) return runs.sort((x, y) => x[0] - y[0]).flat();
  }
  return [b.spanStart, b.spanStart + b.byteLength];
}

/** count elements of a datatype: one block a v-collective member sends or expects. */
export type Block = readonly [Datatype, number];

/** A member's side of a v-collective (Gatherv, Scatterv, Allgatherv, Alltoallv): its blocks by peer. */
export interface VSide {
  /** what this member sends to member j (null: nothing to compare) */
  send(j: number): Block | null;
  /** what this member expects from member i */
  recv(i: number): Block | null;
  loc: SourceLoc | undefined;
}

/** Same type signature (MPI 4.1 §3.3.1), cheaply when both are built from one basic type. */
export function sameSignature([a, na]: Block, [b, nb]: Block): boolean {
  if (a.basic !== null && b.basic !== null && !untyped(a) && !untyped(b)) {
    return na * a.size === nb * b.size && (na * a.size === 0 || showSignature(signature(a.basic, 1)) === showSignature(signature(b.basic, 1)));
  }
  return typeSig(a, na) === typeSig(b, nb);
}

/**
 * MPI 4.1 §6.1: in a v-collective the block member i sends to j must have the signature j
 * expects from i. Checked when the last member arrives; a disagreement is a collective-mismatch
 * naming both members, raised at every member's completion.
 */
export function checkBlocks(world: World, ctx: CommContext, kind: string, sides: readonly VSide[]): void {
  for (let i = 0; i < sides.length; i++) {
    for (let j = 0; j < sides.length; j++) {
      const s = sides[i].send(j);
      const r = s && sides[j].recv(i);
      if (!s || !r || sameSignature(s, r)) continue;
      const a = ctx.worldRank(i);
      const b = ctx.worldRank(j);
      world.report({
        kind: "collective-mismatch",
        message: `${kind} on ${ctx.name}: rank ${a} sends ${typeSig(s[0], s[1])} to rank ${b}, which expects ${typeSig(r[0], r[1])} from it (MPI 4.1 §6.1)`,
        ranks: [a, b],
        accesses: [
          { op: `Comm.${kind}`, rank: a, comm: ctx.name, loc: sides[i].loc, where: sides[i].loc ? formatLoc(sides[i].loc!) : undefined },
          { op: `Comm.${kind}`, rank: b, comm: ctx.name, loc: sides[j].loc, where: sides[j].loc ? formatLoc(sides[j].loc!) : undefined },
        ],
      });
      const e = new MPIException("ERR_OTHER", `collective mismatch on ${ctx.name}: ${kind} block signatures disagree`, `Comm.${kind}`, a);
      (e as MPIException & { reported?: boolean }).reported = true;
      throw e;
    }
  }
}
