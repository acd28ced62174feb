/**
 * The byte runs a request's buffer record carries (RequestRecord.segs), walked once per datatype,
 * count and offset: a halo exchange hands the same strided view to MPI every iteration, and
 * walking its typemap into fresh arrays at each use was a quarter of what a checked run allocated.
 * Records share the arrays (records are never modified once emitted).
 */
import { runsOf, type Datatype } from "./datatype/index.ts";

type Runs = [number, number][] | null;

/** Distinct (count, offset) pairs kept per layout (datatype.layoutMemo, shared by the datatypes of one layout): a program sliding a view along a big buffer walks the rest afresh. */
const PER_LAYOUT = 64;
/** count and offset packed into one exact number key (count below 2^16, offset below 2^36). */
const COUNT_SPAN = 65536;
const OFFSET_SPAN = 2 ** 36;

/** runsOf(datatype, count, byteOffset), the same array for the same arguments. */
export function requestRuns(datatype: Datatype, count: number, byteOffset: number): Runs {
  if (datatype.dense) return null;
  if (!(count >= 0 && count < COUNT_SPAN && byteOffset >= 0 && byteOffset < OFFSET_SPAN && Number.isInteger(count) && Number.isInteger(byteOffset))) {
    return runsOf(datatype, count, byteOffset);
  }
  const key = byteOffset * COUNT_SPAN + count;
  const byKey = (datatype.layoutMemo.requestRuns ??= new Map());
  const known = byKey.get(key);
  if (known !== undefined) return known;
  const runs = runsOf(datatype, count, byteOffset);
  if (byKey.size < PER_LAYOUT) byKey.set(key, runs);
  return runs;
}
