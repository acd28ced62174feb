import { UsageError } from "../core/errors.ts";
import type { Buffering } from "../core/world.ts";

/** Parsers for CLI option values: a bad value is a UsageError (exit 2, one line). */
export function intOption(name: string, min = 0) {
  return (v: string): number => {
    const n = Number(v);
    if (!/^-?\d+$/.test(v.trim()) || !Number.isSafeInteger(n) || n < min) throw new UsageError(`${name} must be an integer ≥ ${min}, got "${v}"`);
    return n;
  };
}

export function bufferingOption(v: string): Buffering {
  if (v === "eager" || v === "rendezvous") return v;
  throw new UsageError(`--buffering must be eager or rendezvous, got "${v}"`);
}

export function choiceOption<T extends string>(name: string, choices: readonly T[]) {
  return (v: string): T => {
    if ((choices as readonly string[]).includes(v)) return v as T;
    throw new UsageError(`${name} must be one of ${choices.join(", ")}, got "${v}"`);
  };
}

/** `--watchdog SEC`: wall-clock seconds a rank may run without reaching an MPI call (0 disables). */
export const WATCHDOG_HELP = "end the run (no-progress) when a rank runs SEC seconds without reaching an MPI call; 0 disables";

export function watchdogOption(v: string): number {
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v.trim()) || !Number.isFinite(n)) throw new UsageError(`--watchdog must be a number of seconds ≥ 0, got "${v}"`);
  return n;
}
