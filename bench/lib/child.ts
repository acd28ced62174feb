/**
 * A measurement in a fresh node process (`node --import tsx SCRIPT ARGS…`, the script printing one
 * JSON line last). Sections whose figure is "mpisim running one workload in its own process" use
 * it: after the bench's other sections have run mpisim's core on every kind of event, V8's code
 * for it is more generic than in a process that runs one program (as `mpisim check` does), and
 * that moved figures by 5–20 % with nothing changed (bench/workloads/fastcheck.ts, schedules.ts).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { BENCH_DIR } from "./sim.ts";

/** Run bench/SCRIPT in a fresh node and parse the JSON line it prints last. */
export function jsonFromChild<T>(script: string, args: readonly string[], timeoutMs = 300_000): T {
  const r = spawnSync(process.execPath, ["--import", "tsx", join(BENCH_DIR, script), ...args], {
    encoding: "utf8",
    timeout: timeoutMs,
    maxBuffer: 1 << 20,
  });
  if (r.status !== 0) throw new Error(`${script} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`}): ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}`);
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "") as T;
}
