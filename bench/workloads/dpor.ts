/**
 * DPOR: executions explored by `explore(…, { strategy: "dpor" })` versus a naive DFS over every
 * interleaving versus the number of distinct traces (Mazurkiewicz classes), on two small programs.
 */
import type { Section } from "../lib/report.ts";
import { publicEntry } from "../lib/sim.ts";
import type { Ctx } from "./ctx.ts";

export async function dporSection(ctx: Ctx): Promise<Section> {
  void ctx;
  const id = "dpor";
  const title = "DPOR: runs explored vs naive DFS vs distinct traces";
  const e = (await publicEntry()) as Record<string, unknown> | null;
  if (!e || typeof e.explore !== "function") return { id, title, status: "skipped", message: "exploration (explore/dpor) has not landed", rows: [] };
  return { id, title, status: "skipped", message: "explore has landed but this workload is not wired to its API yet", rows: [] };
}
