import type { SourceLoc } from "./errors.ts";

/**
 * A program as the simulator runs it: the default export of a user's module (run once per rank)
 * plus its optional exports. `load()` builds one from a .ts file (instrumented); a harness user
 * may also build one from a plain function with `programFromFunction` (then only MPI calls are seen).
 */
export interface Program {
  /** Display name: the file path as given, or "scenario:NAME", or the function's name. */
  name: string;
  /** Absolute path of the source file, when loaded from one. */
  path?: string;
  /** Hash of the (uninstrumented) source text; schedule tokens carry it so a stale token is refused. */
  hash: string;
  /** The rank body: receives that rank's MPI namespace. Typed loosely here; see core/api for MPI. */
  main: (MPI: never) => Promise<void> | void;
  /** `export const ranks`: default rank count. */
  ranks?: number;
  /** `export function check(result)`: property checked after each run (throw or return false to fail). */
  check?: (result: never) => unknown;
  /** Whether loads/stores were instrumented (loaded through mpisim). */
  instrumented: boolean;
  /** All exports of the module, for tools that want more (e.g. `expected` in the conformance cases). */
  exports: Record<string, unknown>;
}

export type { SourceLoc };
