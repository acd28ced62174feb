/**
 * The exhaustive DPOR row (issue 15): DPOR of the seed's work-stealing queue (scenarios/
 * work-stealing.ts with its `tasks` param) with no preemption bound, all checkers on and the
 * scenario's own invariant checked after every execution, until the tree is exhausted: the number
 * of distinct executions, and whether any of them has a diagnostic. 3 ranks × 3 tasks must finish
 * in under 60 s of CPU time; 4 ranks × 4 tasks runs within a CPU budget and reports how far it got.
 * CPU time (process.cpuUsage) is the figure: the machine may be shared, and wall time is kept
 * beside it with the load average.
 */
import { loadavg } from "node:os";
import type { Program } from "../../core/program.ts";
import type { RunResult } from "../../scheduler/run.ts";
import type { Strategy } from "../../scheduler/strategy.ts";
import { now } from "../lib/measure.ts";
import type { Row } from "../lib/report.ts";
import { checkersAvailable, instrumentedProgram, plainProgram, publicEntry, runProgram, setParams, workStealingPath } from "../lib/sim.ts";
import type { Ctx } from "./ctx.ts";

type DporModule = typeof import("../../scheduler/dpor.ts");

const TARGET_S = 60;

interface Size {
  ranks: number;
  tasks: number;
  /** CPU seconds after which the exploration stops and reports the bound it reached (none: run to the end). */
  budgetS?: number;
}

function cpuSeconds(since: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(since);
  return (c.user + c.system) / 1e6;
}

/** Rows for the exhaustive DPOR of the work-stealing queue (none when the scenario is missing). */
export async function workStealingDporRows(ctx: Ctx, dpor: DporModule): Promise<{ rows: Row[]; notes: string[] }> {
  const notes: string[] = [];
  const file = workStealingPath();
  if (!file || !file.includes("scenarios")) return { rows: [], notes: ["work-stealing DPOR skipped: scenarios/work-stealing.ts (with its tasks param) is missing"] };
  const why = await checkersAvailable();
  const checked = why === null ? await instrumentedProgram(file) : null;
  if (!checked) notes.push(`work-stealing DPOR ran with checkers off: ${why ?? "the program did not load instrumented"}`);
  const program: Program = checked ?? (await plainProgram(file));
  const entry = checked ? await publicEntry() : null;
  const params = program.exports.params as { tasks: number } | undefined;
  if (!params) return { rows: [], notes: ["work-stealing DPOR skipped: the scenario exports no params"] };
  const original = params.tasks;
  const sizes: Size[] = ctx.quick ? [{ ranks: 3, tasks: 1 }] : [{ ranks: 3, tasks: 3 }, { ranks: 4, tasks: 4, budgetS: 120 }];
  const rows: Row[] = [];
  try {
    for (const size of sizes) {
      setParams(program, { tasks: size.tasks });
      const runOnce = (s: Strategy): Promise<RunResult> => {
        const opts = { ranks: size.ranks, strategy: s, buffering: "eager" as const, keepTrace: false, maxSteps: 1e6 };
        return entry ? entry.run(program, { ...opts, checkers: true }) : runProgram(program, opts);
      };
      let withDiagnostic = 0;
      let firstDiagnostic = "";
      let steps = 0;
      let stoppedAt: number | undefined;
      const cpu0 = process.cpuUsage();
      const t0 = now();
      const tree = new dpor.DporTree({});
      for (let run = tree.next(); run; run = tree.next()) {
        const result = await runOnce(run);
        const kind = tree.report(run);
        steps += run.steps.length;
        if (kind === "complete") {
          const problems: string[] = result.diagnostics.map((d) => d.kind);
          if (result.status !== "ok") problems.push(result.status);
          try {
            (program.check as ((r: RunResult) => unknown) | undefined)?.(result);
          } catch (e) {
            problems.push(`property: ${(e as Error).message}`);
          }
          if (problems.length) {
            withDiagnostic++;
            firstDiagnostic ||= problems.join(", ");
          }
        }
        if (size.budgetS !== undefined && (tree.stats.explored + tree.stats.blocked) % 256 === 0 && cpuSeconds(cpu0) > size.budgetS) {
          stoppedAt = size.budgetS;
          break;
        }
      }
      const cpu = cpuSeconds(cpu0);
      const wall = (now() - t0) / 1000;
      const st = tree.stats;
      const runs = st.explored + st.blocked + st.probes;
      const label = `${size.ranks} ranks × ${size.tasks} tasks`;
      rows.push({
        id: `dpor.work-stealing.${size.ranks}x${size.tasks}`,
        figure: { label: `exhaustive DPOR of the work-stealing queue, ${label}${st.complete ? "" : `, stopped at the ${stoppedAt} s CPU budget`}: distinct executions`, value: st.explored, unit: "executions" },
        reference: { label: "CPU time", value: Math.round(cpu * 10) / 10, unit: "s" },
        // the ratio every row with a reference carries: here, the CPU time as a share of the 60 s target
        ratio: Math.round((cpu / TARGET_S) * 1000) / 1000,
        ...(size.budgetS === undefined
          ? { target: { text: `completes in < ${TARGET_S} s with no diagnostic`, holds: st.complete && withDiagnostic === 0 && cpu < TARGET_S } }
          : {}),
        extra: {
          complete: st.complete,
          distinctExecutions: st.explored,
          blocked: st.blocked,
          runs,
          executionsWithDiagnostic: withDiagnostic,
          firstDiagnostic: firstDiagnostic || null,
          checkers: entry !== null,
          cpuS: Math.round(cpu * 10) / 10,
          wallS: Math.round(wall * 10) / 10,
          runsPerCpuS: Math.round(runs / cpu),
          stepsPerRun: Math.round(steps / Math.max(1, runs)),
          loadAverage1m: Math.round(loadavg()[0] * 100) / 100,
        },
      });
      ctx.log(`dpor work-stealing ${label}: ${st.explored} executions (${st.complete ? "complete" : "stopped"}), ${withDiagnostic} with a diagnostic, ${cpu.toFixed(1)} s CPU`);
    }
  } finally {
    setParams(program, { tasks: original });
  }
  return { rows, notes };
}
