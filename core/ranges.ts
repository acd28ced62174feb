/**
 * Byte-range lists as flat sorted arrays [lo0, hi0, lo1, hi1, …] (half-open ranges): the shape
 * the file-conflict checker keeps and the alias check of core/collective-checks.ts builds from a
 * datatype's runs.
 */

/** The first overlapping byte range of two sorted range lists, or null. */
export function firstOverlap(a: readonly number[], b: readonly number[]): [number, number] | null {
  let i = 0, j = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i], b[j]);
    const hi = Math.min(a[i + 1], b[j + 1]);
    if (lo < hi) return [lo, hi];
    if (a[i + 1] <= b[j + 1]) i += 2;
    else j += 2;
  }
  return null;
}
