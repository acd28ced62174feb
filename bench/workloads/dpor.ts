/**
 * DPOR: executions run by the exploration engineer's DPOR (scheduler/dpor.ts, source sets + sleep
 * sets) versus a naive DFS over every interleaving versus the number of distinct traces
 * (Mazurkiewicz classes of the naive DFS's executions, by traceClass), on small programs.
 * Optimal DPOR runs exactly one complete execution per distinct trace.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Program } from "../../core/program.ts";
import type { Strategy } from "../../scheduler/strategy.ts";
import { now } from "../lib/measure.ts";
import type { Row, Section } from "../lib/report.ts";
import { benchProgramPath, DIST_DIR, plainProgram, REPO_DIR, runProgram, setParams } from "../lib/sim.ts";
import { importDist } from "../lib/dist.ts";
import type { Ctx } from "./ctx.ts";
import { workStealingDporRows } from "./dpor-ws.ts";

type DporModule = typeof import("../../scheduler/dpor.ts");

interface Case {
  name: string;
  label: string;
  ranks: number;
  params: Record<string, number>;
}

const CASES: Case[] = [
  { name: "wildcard", label: "2 wildcard receives from 2 senders (3 ranks)", ranks: 3, params: { msgs: 2 } },
  { name: "ring", label: "persistent ring, 1 iteration (3 ranks)", ranks: 3, params: { iters: 1 } },
  { name: "lock-put", label: "lock/put/flush, 1 iteration (2 ranks)", ranks: 2, params: { iters: 1 } },
];

export async function dporSection(ctx: Ctx): Promise<Section> {
  const id = "dpor";
  const title = "DPOR: runs explored vs naive DFS vs distinct traces";
  if (!existsSync(join(REPO_DIR, "scheduler", "dpor.ts"))) return { id, title, status: "skipped", message: "exploration (scheduler/dpor.ts) has not landed", rows: [] };
  const dpor = await importDist<DporModule>(DIST_DIR, "scheduler/dpor.js");
  const cases = ctx.quick ? CASES.slice(0, 1) : CASES;
  const limit = ctx.quick ? 2000 : 20_000;
  const rows: Row[] = [];
  for (const c of cases) {
    const program: Program = await plainProgram(benchProgramPath(c.name));
    setParams(program, c.params);
    const runOnce = (s: Strategy) => runProgram(program, { ranks: c.ranks, strategy: s, buffering: "eager", keepTrace: false });
    const naiveClasses = new Set<string>();
    const t0 = now();
    const naive = await dpor.dporAll(runOnce, {
      naive: true,
      limit,
      onExecution: (run, kind) => {
        if (kind === "complete") naiveClasses.add(dpor.traceClass(run));
      },
    });
    const t1 = now();
    const dporClasses = new Set<string>();
    const reduced = await dpor.dporAll(runOnce, {
      onExecution: (run, kind) => {
        if (kind === "complete") dporClasses.add(dpor.traceClass(run));
      },
    });
    const t2 = now();
    const runs = reduced.explored + reduced.blocked + reduced.probes;
    const naiveRuns = naive.explored + naive.blocked + naive.probes;
    const sameClasses = dporClasses.size === naiveClasses.size && [...dporClasses].every((x) => naiveClasses.has(x));
    rows.push({
      id: `${id}.${c.name}`,
      figure: { label: `DPOR runs: ${c.label}`, value: runs, unit: "runs" },
      reference: { label: `naive DFS${naive.complete ? "" : ` (stopped at ${limit})`}`, value: naiveRuns, unit: "runs" },
      ratio: naiveRuns / runs,
      ratioMeaning: "× fewer runs than naive DFS",
      target: naive.complete
        ? { text: `DPOR complete runs = distinct traces (${naiveClasses.size})`, holds: reduced.explored === naiveClasses.size && sameClasses }
        : undefined,
      extra: {
        distinctTraces: naive.complete ? naiveClasses.size : null,
        dporComplete: reduced.explored,
        dporBlocked: reduced.blocked,
        dporDistinct: dporClasses.size,
        sameClassesAsNaive: naive.complete ? sameClasses : null,
        naiveComplete: naive.complete,
        naiveMs: Math.round(t1 - t0),
        dporMs: Math.round(t2 - t1),
      },
    });
  }
  const ws = await workStealingDporRows(ctx, dpor);
  rows.push(...ws.rows);
  return {
    id,
    title,
    status: "ok",
    setup: `scheduler/dpor.ts dporAll (sleep sets + source sets) vs its naive DFS (every enabled event at every state), checkers off, eager buffering (one DPOR tree; check's default explores a second, rendezvous, tree); distinct traces = traceClass of the naive DFS's complete runs. Work-stealing rows: exhaustive DPOR, no preemption bound, all checkers and the scenario's invariant on every execution, eager buffering, CPU time${ws.notes.length ? `; ${ws.notes.join("; ")}` : ""}`,
    rows,
  };
}
