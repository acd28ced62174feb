/**
 * A worker thread of an exploration (scheduler/explore.ts): loads the program through the runner
 * module (index.ts: load() instruments it, run() attaches the default checkers), runs its share of
 * the schedules with runCore and posts each summary back. The main thread merges them in
 * exploration order, so the result does not depend on the number of workers.
 */
import { parentPort, workerData } from "node:worker_threads";
import type { Program } from "../core/program.ts";
import { runCore, type CoreConfig, type Runner } from "./explore-core.ts";
import { adoptWatchdogSlots } from "./watchdog.ts";

interface WorkerInput {
  runnerModule: string;
  program: string;
  cfg: CoreConfig;
  /** The main thread's watchdog slots: its helper thread watches this worker's runs too. */
  watchdog?: SharedArrayBuffer;
}

const input = workerData as WorkerInput;
const port = parentPort!;
adoptWatchdogSlots(input.watchdog);

async function main(): Promise<void> {
  const mod = (await import(input.runnerModule)) as { load: (p: string) => Promise<Program>; run: Runner };
  const program = await mod.load(input.program);
  const result = await runCore(program, mod.run, input.cfg, (s) => {
    port.postMessage({ type: "summary", summary: s });
    return true;
  });
  port.postMessage({ type: "done", result });
}

main().catch((e: unknown) => {
  port.postMessage({ type: "error", message: e instanceof Error ? `${e.name}: ${e.message}` : String(e) });
});
