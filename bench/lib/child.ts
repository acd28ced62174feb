/**
 * A measurement in a fresh node process (`node [FLAGS] --import tsx SCRIPT ARGS…`, the script
 * printing one JSON line last). Sections whose figure is "mpisim running one workload in its own
 * process" use it: after the bench's other sections have run mpisim's core on every kind of event,
 * V8's code for it is more generic than in a process that runs one program (as `mpisim check`
 * does), and that moved figures by 5–20 % with nothing changed (bench/workloads/fastcheck.ts,
 * schedules.ts); the scale section wants each size's peak memory to be its own.
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { BENCH_DIR } from "./sim.ts";

export interface ChildOptions {
  /** node's own flags, before the script (default none) */
  nodeFlags?: readonly string[];
  /** killed (SIGKILL) past this (default 300 s) */
  timeoutMs?: number;
}

/** Run bench/SCRIPT in a fresh node and parse the JSON line it prints last; null when it ran out of time. */
export function jsonFromChildOrTimeout<T>(script: string, args: readonly string[], opts: ChildOptions = {}): T | null {
  const r = spawnSync(process.execPath, [...(opts.nodeFlags ?? []), "--import", "tsx", join(BENCH_DIR, script), ...args], {
    encoding: "utf8",
    timeout: opts.timeoutMs ?? 300_000,
    killSignal: "SIGKILL",
    maxBuffer: 1 << 24,
  });
  if (r.error && (r.error as NodeJS.ErrnoException).code === "ETIMEDOUT") return null;
  if (r.status !== 0) {
    throw new Error(`${script} ${args.join(" ")} failed (${r.error?.message ?? `exit ${r.status ?? r.signal}`}): ${(r.stderr ?? "").trim().split("\n").slice(-3).join(" | ")}`);
  }
  return JSON.parse(r.stdout.trim().split("\n").pop() ?? "") as T;
}

/** jsonFromChildOrTimeout, where running out of time is a failure. */
export function jsonFromChild<T>(script: string, args: readonly string[], opts: ChildOptions = {}): T {
  const out = jsonFromChildOrTimeout<T>(script, args, opts);
  if (out === null) throw new Error(`${script} ${args.join(" ")} did not finish within ${(opts.timeoutMs ?? 300_000) / 1000} s`);
  return out;
}
