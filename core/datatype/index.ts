/**
 * The datatype engine's public door: datatypes and their constructors (MPI 4.1 §5.1), the
 * flattened typemap (runs, strided runs, basic layout), pack/unpack, buffer specifications as
 * mpi4py accepts them, and reduction operators (MPI 4.1 §6.9).
 */
export { Datatype, COMBINERS, type BasicKind, type Combiner } from "./datatype.ts";
export { ORDER_C, ORDER_FORTRAN } from "./constructors.ts";
export * from "./predefined.ts";
export { inferDatatype, typedArrayFor, isBufferLike, type TypedArray, type BufferLike } from "./infer.ts";
export {
  segments, forEachRun, runCountBound, runsOf, stridedRuns, basicLayout, forEachBasicRun, pack, packInto, unpack,
  packedSize, messageLayout, basicElementsIn, type Segments, type StridedRun, type BasicEntry,
} from "./typemap.ts";
export {
  resolveBuffer, resolveVBuffer, ALLOW_NULL, DEFAULT_OPTIONS, packBuffer, unpackBuffer, packSmall, scratchWord, smallBytes, unpackSmall, assertCommitted, wholeBytes, forgetByteView, MAX_BUFFER_BYTES, touchedSpan, type BufferSpec, type VBufferSpec,
  type ResolvedBuffer, type ResolvedVBuffer, type ResolveOptions, type Count,
} from "./buffer.ts";
export {
  Op, SUM, PROD, MAX, MIN, LAND, LOR, LXOR, BAND, BOR, BXOR, MAXLOC, MINLOC, REPLACE, NO_OP, OP_NULL,
  opAppliesTo, checkOpDatatype,
} from "./op.ts";
export { applyOp, applyOpPacked } from "./apply-op.ts";
export { signature, isPrefix, sameLeadingSignature, showSignature, untyped, type SigRun } from "./signature.ts";
export { applyOpToValues, pyTruthy } from "./apply-values.ts";
