/**
 * Type signatures (MPI 4.1 §3.3.1, §6.1): the sequence of basic types a message carries,
 * whatever its layout — a vector of INT and INT × n have the same signature. A send and the
 * receive it matches must agree on it (the receive may be longer), and every member of a
 * collective on its block's. Signatures here are run-length lists of basic types, compared by
 * kind and size (INT and INT32_T agree, like reductionSig in core/collective-data.ts).
 */
import type { Datatype } from "./datatype.ts";
import { forEachBasicRun } from "./typemap.ts";

/** One run of a signature: n consecutive elements of one basic type. */
export type SigRun = [key: string, n: number];

/** Beyond this many runs a signature is not compared (a guard on cost; prefixes are compared this far). */
const MAX_RUNS = 4096;

const perElement = new WeakMap<Datatype, SigRun[]>();

/** "int32", "float64", "pair:MPI_2INT"… One-byte integers and chars are one family: JS infers them from Int8Array/Uint8Array alike. */
export function basicKey(t: Datatype): string {
  let key = basicKeys.get(t);
  if (key === undefined) {
    if (t.kind === "pair") key = t.name;
    else if (t.size === 1 && (t.kind === "int" || t.kind === "uint" || t.kind === "char")) key = "byte-int8";
    else key = `${t.kind}${t.size * 8}`;
    basicKeys.set(t, key);
  }
  return key;
}

/** Datatypes never change once built: what is derived from one is kept with it (asked per message). */
const basicKeys = new WeakMap<Datatype, string>();

/**
 * MPI 4.1 §3.3.1: MPI_BYTE matches any byte of storage and MPI_PACKED any type (§5.2), so a
 * datatype built from them has no signature to compare.
 */
export function untyped(dt: Datatype): boolean {
  return dt.noSignature;
}

/**
 * Do count elements of `sent` match the start of a receive of `recv` (MPI 4.1 §3.3.1)? Decided
 * without building signatures when each side is built from one predefined type (the common case):
 * then each signature is one run, and one run is a prefix of another exactly when the types agree.
 */
export function sameLeadingSignature(sent: Datatype, sentCount: number, recv: Datatype, recvCount: number): boolean {
  const a = sent.basic;
  const b = recv.basic;
  if (a !== null && b !== null) return a === b || sentCount * sent.size === 0 || recvCount * recv.size === 0 || basicKey(a) === basicKey(b);
  return isPrefix(signature(sent, sentCount), signature(recv, recvCount));
}

function elementRuns(dt: Datatype): SigRun[] {
  let runs = perElement.get(dt);
  if (runs === undefined) {
    runs = [];
    const out = runs;
    forEachBasicRun(dt, 1, 0, (_o, n, t) => push(out, basicKey(t), n));
    perElement.set(dt, runs);
  }
  return runs;
}

function push(out: SigRun[], key: string, n: number): void {
  const last = out[out.length - 1];
  if (last !== undefined && last[0] === key) last[1] += n;
  else out.push([key, n]);
}

/** The signature of count elements of dt (at most MAX_RUNS runs). */
export function signature(dt: Datatype, count: number): SigRun[] {
  if (count <= 0 || dt.size === 0) return [];
  if (dt.basic !== null) return [[basicKey(dt.basic), (count * dt.size) / dt.basic.size]];
  const one = elementRuns(dt);
  const out: SigRun[] = [];
  for (let i = 0; i < count && out.length < MAX_RUNS; i++) for (const [k, n] of one) push(out, k, n);
  return out;
}

/** Does `sent` agree with the start of `recv` (a receive may hold more than was sent)? */
export function isPrefix(sent: SigRun[], recv: SigRun[]): boolean {
  for (let i = 0; i < sent.length && i < recv.length; i++) {
    const [k, n] = sent[i];
    const [rk, rn] = recv[i];
    if (k !== rk) return false;
    // Only the last run of what was sent may end inside a longer run of the receive.
    if (n !== rn && !(i === sent.length - 1 && n < rn)) return n > rn && i === recv.length - 1;
  }
  return true;
}

/** "int32×3", "int32×2 float64×1": for messages and collective signatures. */
export function showSignature(sig: SigRun[]): string {
  return sig.length === 0 ? "empty" : sig.map(([k, n]) => `${k}×${n}`).join(" ");
}
