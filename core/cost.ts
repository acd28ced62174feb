/**
 * LogGP-style cost model for virtual time (SPEC §3): every call costs `overhead`; a message of n
 * bytes arrives `latency + n * gap` after it is sent; a collective on p ranks costs
 * ceil(log2 p) such steps after the last rank arrives.
 */
export interface CostModel {
  /** Per-call CPU overhead o, seconds. */
  overhead: number;
  /** Network latency L, seconds. */
  latency: number;
  /** Gap per byte G (1 / bandwidth), seconds. */
  gapPerByte: number;
}

export const DEFAULT_COST: CostModel = { overhead: 1e-7, latency: 1e-6, gapPerByte: 1e-10 };

export function messageTime(cost: CostModel, bytes: number): number {
  return cost.latency + bytes * cost.gapPerByte;
}

export function collectiveTime(cost: CostModel, ranks: number, bytes: number): number {
  return Math.ceil(Math.log2(Math.max(ranks, 1))) * messageTime(cost, bytes);
}
