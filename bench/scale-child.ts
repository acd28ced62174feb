/**
 * One scale measurement in a fresh process, so its peak memory is its own:
 *   node --import tsx --expose-gc bench/scale-child.ts '{"program":"ring","ranks":1024,"iters":100,"checkers":false}'
 * (bench/workloads/scale.ts adds the young-generation flag the mpisim command gives the world, cli/young-gen.ts)
 * prints one JSON line: wall and CPU time, the trace hash, steps, calls, resident memory before the run and at peak.
 */
import { callsOf, benchProgramPath, instrumentedProgram, plainProgram, setParams, simulate } from "./lib/sim.ts";
import { cpuMs, gc, now } from "./lib/measure.ts";

interface Job {
  program: string;
  ranks: number;
  iters: number;
  checkers: boolean;
}

const job = JSON.parse(process.argv[2] ?? "{}") as Job;
const file = benchProgramPath(job.program);
const program = job.checkers ? await instrumentedProgram(file) : await plainProgram(file);
if (!program) throw new Error(`cannot load ${file} through mpisim's loader`);
setParams(program, { iters: job.iters });
gc();
const baseRss = process.memoryUsage().rss;
const t0 = now();
const c0 = cpuMs();
const r = await simulate(program, { ranks: job.ranks, checkers: job.checkers, strategy: "random", seed: 1 });
const ms = now() - t0;
const cpu = cpuMs() - c0;
const peakRss = process.resourceUsage().maxRSS * 1024;
const heapUsed = process.memoryUsage().heapUsed;
process.stdout.write(
  JSON.stringify({ ...job, ms, cpuMs: cpu, traceHash: r.traceHash, status: r.status, diagnostics: r.diagnostics.length, steps: r.steps, calls: callsOf(r), baseRss, peakRss, heapUsedAtEnd: heapUsed }) + "\n",
);
