/** Exploration throughput with 2 workers versus 1 (schedules per second, same program and budget). */
import type { Section } from "../lib/report.ts";
import { publicEntry } from "../lib/sim.ts";
import type { Ctx } from "./ctx.ts";

export async function workersSection(ctx: Ctx): Promise<Section> {
  void ctx;
  const id = "workers";
  const title = "Exploration: --workers 2 vs 1";
  const e = (await publicEntry()) as Record<string, unknown> | null;
  if (!e || typeof e.explore !== "function") return { id, title, status: "skipped", message: "exploration (explore, workers) has not landed", rows: [] };
  return { id, title, status: "skipped", message: "explore has landed but this workload is not wired to its API yet", rows: [] };
}
