/**
 * `node --import tsx bench/tools/hooks-cost.ts [runs]`: CPU time (process.cpuUsage, user+system)
 * of many runs of small programs with instrumented loads and stores, one run at a time and two at
 * once (Promise.all). The world's process-wide hooks (access sink, call location, console) sit on
 * this path; compare the figures before and after a change to them as ratios (the machine may be
 * loaded: wall time means little, and even CPU time wobbles by a few per cent).
 */
import { load, run } from "../../index.ts";

const runs = Number(process.argv[2] ?? 2000);
const programs = await Promise.all(["scenario:work-stealing-getput", "scenario:fence-put", "scenario:accumulate-counter"].map((n) => load(n)));

function cpuMs(start: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(start);
  return (u.user + u.system) / 1000;
}

// warm up the JIT
for (let i = 0; i < 200; i++) await run(programs[i % programs.length]!, { seed: i });

let t = process.cpuUsage();
for (let i = 0; i < runs; i++) await run(programs[i % programs.length]!, { seed: i });
const sequential = cpuMs(t);

t = process.cpuUsage();
for (let i = 0; i < runs; i += 2) {
  await Promise.all([run(programs[i % programs.length]!, { seed: i }), run(programs[(i + 1) % programs.length]!, { seed: i + 1 })]);
}
const paired = cpuMs(t);

console.log(JSON.stringify({ runs, sequentialMs: Math.round(sequential), pairedMs: Math.round(paired), perRunUs: Math.round((sequential * 1000) / runs) }));
