/**
 * Argument rules every member's collective call is checked against (MPI 4.1 §6.1, §2.3):
 * the type signatures the members must agree on, and the send/receive buffers that must not
 * overlap. Also the buffers a non-blocking collective lends to its operation (buffer-race).
 */
import { signature, showSignature, untyped, type Datatype, type ResolvedVBuffer } from "./datatype/index.ts";

/** A buffer a collective reads ("read") or writes ("write"); non-blocking ones own it until complete. */
export type BufferUse = [{ buffer: ArrayBufferLike; spanStart: number; byteLength: number; isNull?: boolean } | null, "read" | "write"];

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
      if (s.spanStart < r.spanStart + r.byteLength && r.spanStart < s.spanStart + s.byteLength) {
        return `the send and receive buffers overlap (bytes ${s.spanStart}–${s.spanStart + s.byteLength} and ${r.spanStart}–${r.spanStart + r.byteLength} of one ArrayBuffer)`;
      }
    }
  }
  return null;
}
