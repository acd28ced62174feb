import { MPIException, type ErrorClass } from "./errors.ts";
import { currentCallLoc } from "./instrument-runtime.ts";
import type { RankState, World } from "./world.ts";

/**
 * mpi4py-shaped arguments: parameters are positional in mpi4py's order, and wherever mpi4py takes
 * keyword arguments one options object with mpi4py's keyword names may stand in place of the
 * optional positional ones (SPEC §1): `Send_init(buf, right, 0)` ≡ `Send_init(buf, { dest: right, tag: 0 })`.
 */
export function isOptions(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== "object") return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/**
 * Read `names` from `args`: positional values first; a plain object at any position supplies the
 * remaining ones by name. Missing values take `defaults`. `defaults` is filled in and returned:
 * every caller passes a fresh object literal (this runs on every MPI call; a copy was garbage).
 */
export function kw<T extends Record<string, unknown>>(args: readonly unknown[], names: readonly (keyof T & string)[], defaults: T): T {
  const out: Record<string, unknown> = defaults;
  for (let i = 0; i < args.length && i < names.length + 1; i++) {
    const a = args[i];
    // Numbers, typed arrays and handles are the usual arguments: only a plain object is options.
    if (typeof a === "object" && isOptions(a)) {
      for (const k of Object.keys(a)) {
        if (a[k] !== undefined) out[k] = a[k];
      }
      break;
    }
    if (i < names.length && a !== undefined) out[names[i]] = a;
  }
  return out as T;
}

/**
 * kw() for the calls made most (the RMA operations, Win.Lock): the values in the order of `names`,
 * written into `out`, a scratch array of the call site that it reads at once. The same rules as
 * kw(), without an object per call or a store by property name (a keyed store whose names differ
 * per caller was most of kw's time); option keys that are not in `names` are ignored.
 */
export function kwList(args: readonly unknown[], names: readonly string[], defaults: readonly unknown[], out: unknown[]): readonly unknown[] {
  const n = names.length;
  for (let i = 0; i < n; i++) out[i] = defaults[i];
  for (let i = 0; i < args.length && i < n + 1; i++) {
    const a = args[i];
    if (typeof a === "object" && isOptions(a)) {
      for (const k of Object.keys(a)) {
        const v = a[k];
        const j = names.indexOf(k);
        if (v !== undefined && j >= 0) out[j] = v;
      }
      break;
    }
    if (i < n && a !== undefined) out[i] = a;
  }
  return out;
}

/**
 * The rank calling a method of an object that belongs to rank `owner` (a communicator handle, a
 * request): the owner, running now. Every other case is the user's mistake and becomes an
 * mpi-error blamed on the rank that made it, never a bare exception nor a crash:
 * - another rank is running: it used an object of `owner` (ranks share no MPI objects);
 * - no rank is running and `owner` is parked on a blocking call: a second call issued before the
 *   first was awaited (the first parked the rank, so the second runs "outside" any rank);
 * - `owner` has finished: code of it left running after its main returned (an un-awaited async
 *   function, a promise callback, a timer). Once every rank has finished there is no run left
 *   to report to, and the exception alone is thrown.
 */
export function enterOwned(world: World, owner: number, call: string, what: string, errorClass: ErrorClass): RankState {
  const cur = world.current;
  if (cur === owner) return world.ranks[cur];
  const o = world.ranks[owner];
  const finished = o === undefined || o.status === "done" || o.status === "failed" || o.status === "aborted";
  if (cur >= 0) {
    const late = finished ? ` after rank ${owner} finished` : "";
    throw world.error(errorClass, `rank ${cur} used a ${what} of rank ${owner}${late} (ranks do not share MPI objects)`, call);
  }
  const loc = currentCallLoc();
  if (finished) {
    const msg = `${call} on a ${what} of rank ${owner} after rank ${owner} finished (code left running after its main function returned: an un-awaited async function, a promise callback or a timer?)`;
    if (world.ranks.every(isOver)) throw new MPIException("ERR_OTHER", msg, call, owner, loc);
    throw world.errorFor(owner, "ERR_OTHER", msg, call, loc);
  }
  if (o.status === "blocked") {
    throw world.errorFor(owner, "ERR_OTHER", `${call} issued while ${o.pending?.call ?? "another call"} is still pending (a blocking MPI call that was not awaited?)`, call, loc);
  }
  throw world.errorFor(owner, "ERR_OTHER", `${call} called while rank ${owner} is not running (from a timer or a detached callback?)`, call, loc);
}

function isOver(st: RankState): boolean {
  return st.status === "done" || st.status === "failed" || st.status === "aborted";
}

/**
 * A user's value as error messages show it. Never throws, whatever the value (String() and
 * template literals throw on symbols, arrays holding them, null-prototype objects; JSON on BigInts
 * and cycles), and stays short.
 */
export function show(x: unknown, depth = 0): string {
  try {
    switch (typeof x) {
      case "string":
        return JSON.stringify(x.length > 40 ? `${x.slice(0, 40)}…` : x);
      case "symbol":
        return x.description?.startsWith("mpisim.") ? `MPI.${x.description.slice(7)}` : x.toString();
      case "bigint":
        return `${x}n`;
      case "function":
        return x.name ? `function ${x.name}` : "a function";
      case "object": {
        if (x === null) return "null";
        if (ArrayBuffer.isView(x)) return `${x.constructor.name}(${(x as { length?: number }).length ?? x.byteLength})`;
        if (Array.isArray(x)) {
          if (depth > 1) return "[…]";
          return `[${x.slice(0, 6).map((v) => show(v, depth + 1)).join(", ")}${x.length > 6 ? ", …" : ""}]`;
        }
        const name = (Object.getPrototypeOf(x) as { constructor?: { name?: string } } | null)?.constructor?.name;
        return name && name !== "Object" ? `a ${name}` : "an object";
      }
      default:
        return String(x);
    }
  } catch {
    return typeof x;
  }
}

/**
 * The MPIException for a user's mistake in a purely local call made with an object of rank
 * `rank` (a Group, a Status, Compute_dims): an mpi-error of the rank running it (or of `rank`,
 * when its code runs while one of its blocking calls is pending), even if the program catches it.
 * Once the run is over there is nothing to report to.
 */
export function localMistake(world: World | undefined, rank: number, errorClass: ErrorClass, message: string, call: string): MPIException {
  const loc = currentCallLoc();
  if (world !== undefined && world.ranks[rank] !== undefined && !world.ranks.every(isOver)) {
    return world.errorFor(world.current >= 0 ? world.current : rank, errorClass, message, call, loc);
  }
  return new MPIException(errorClass, message, call, rank, loc);
}
