/** Argument checks shared by the datatype constructors (MPI error classes per MPI 4.1 §9.4). */
import { show } from "../args.ts";
import { MPIException, type ErrorClass } from "../errors.ts";

export function nonNegInt(v: number, what: string, cls: ErrorClass, call: string): void {
  if (typeof v !== "number" || !Number.isInteger(v) || v < 0) {
    throw new MPIException(cls, `${what} must be a non-negative integer, got ${show(v)}`, call);
  }
}

export function anyInt(v: number, what: string, call: string): void {
  if (typeof v !== "number" || !Number.isSafeInteger(v)) {
    throw new MPIException("ERR_ARG", `${what} must be an integer, got ${show(v)}`, call);
  }
}

export function sameLength(call: string, a: readonly number[], b: readonly number[]): void {
  if (!Array.isArray(a) || !Array.isArray(b)) {
    throw new MPIException("ERR_ARG", `blocklengths and displacements must be arrays of integers, got ${show(a)} and ${show(b)}`, call);
  }
  if (a.length !== b.length) {
    throw new MPIException("ERR_ARG", `blocklengths and displacements must have the same length (got ${a.length} and ${b.length})`, call);
  }
}

/** An array argument; with `ints`, of safe integers (checked before any arithmetic on them). */
export function arrayArg(v: unknown, what: string, call: string, ints = false): void {
  if (!Array.isArray(v)) throw new MPIException("ERR_ARG", `${what} must be an array, got ${show(v)}`, call);
  if (ints) for (let i = 0; i < v.length; i++) anyInt(v[i], `${what}[${i}]`, call);
}
