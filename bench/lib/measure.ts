/**
 * Timing helpers. Every figure is measured next to its reference in the same process, the two
 * interleaved run by run, so a noisy machine (2 cores shared by several engineers) moves both and
 * the ratio of their medians stays meaningful even when the absolute figures drift.
 */
import { performance } from "node:perf_hooks";

export function now(): number {
  return performance.now();
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * CPU milliseconds this process has used (all threads, user + system). On a machine shared with
 * other work, CPU time is what a measurement costs us; wall time also counts the moments another
 * process had the core.
 */
export function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

/** Time one call of `fn` in milliseconds. */
export async function timeMs(fn: () => Promise<unknown> | unknown): Promise<number> {
  const t0 = now();
  await fn();
  return now() - t0;
}

/**
 * Run several series round-robin (`reps` rounds, after `warmup` discarded rounds) and return each
 * series' samples. Each series function returns its own per-unit figure (e.g. ns per call).
 */
export async function interleave(
  series: Record<string, () => Promise<number>>,
  reps: number,
  warmup = 1,
): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const k of Object.keys(series)) out[k] = [];
  for (let round = 0; round < warmup + reps; round++) {
    for (const [k, fn] of Object.entries(series)) {
      const v = await fn();
      if (round >= warmup) out[k].push(v);
    }
  }
  return out;
}

/** Give the collector a chance between measurements when node runs with --expose-gc. */
export function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
