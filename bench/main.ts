/**
 * `npm run bench [-- --json] [-- --quick] [-- --only calls,scale]`
 *
 * Prints each workload's figure next to its reference, both measured in this run, and their
 * ratio (SPEC §9, issue #8). `--json` prints one BenchReport object on stdout and nothing else
 * (progress goes to stderr). `--quick` shrinks every workload to a few seconds in all: it checks
 * that the bench code works (test/bench runs it), its figures mean little.
 */
import { cpus, loadavg, totalmem } from "node:os";
import { now } from "./lib/measure.ts";
import { formatReport, type BenchReport, type Section } from "./lib/report.ts";
import type { Ctx } from "./workloads/ctx.ts";
import { callsSection } from "./workloads/calls.ts";
import { schedulesSection } from "./workloads/schedules.ts";
import { fastCheckSection } from "./workloads/fastcheck.ts";
import { dporSection } from "./workloads/dpor.ts";
import { scaleSection } from "./workloads/scale.ts";
import { ioSection } from "./workloads/io.ts";
import { workersSection } from "./workloads/workers.ts";
import { startupSection } from "./workloads/startup.ts";

interface Workload {
  id: string;
  title: string;
  run(ctx: Ctx): Promise<Section>;
}

const WORKLOADS: Workload[] = [
  { id: "calls", title: "MPI calls per second", run: callsSection },
  { id: "schedules", title: "Schedules per second (work-stealing)", run: schedulesSection },
  { id: "fastcheck", title: "Steps per second vs fast-check", run: fastCheckSection },
  { id: "dpor", title: "DPOR", run: dporSection },
  { id: "io", title: "MPI-IO", run: ioSection },
  { id: "workers", title: "Exploration workers", run: workersSection },
  { id: "startup", title: "Start-up", run: startupSection },
  // Last: it takes whatever is left of the time budget (its children have timeouts).
  { id: "scale", title: "Scale", run: scaleSection },
];

function parseArgs(argv: string[]): { json: boolean; quick: boolean; only: string[] | null } {
  const out = { json: false, quick: false, only: null as string[] | null };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--json") out.json = true;
    else if (a === "--quick") out.quick = true;
    else if (a === "--only") out.only = (argv[++i] ?? "").split(",").filter(Boolean);
    else if (a.startsWith("--only=")) out.only = a.slice(7).split(",").filter(Boolean);
    else if (a === "--help" || a === "-h") {
      process.stdout.write(`usage: npm run bench -- [--json] [--quick] [--only ${WORKLOADS.map((w) => w.id).join(",")}]\n`);
      process.exit(0);
    } else {
      process.stderr.write(`bench: unknown option ${a}\n`);
      process.exit(2);
    }
  }
  if (out.only) {
    const unknown = out.only.filter((id) => !WORKLOADS.some((w) => w.id === id));
    if (unknown.length) {
      process.stderr.write(`bench: unknown workload ${unknown.join(", ")} (have ${WORKLOADS.map((w) => w.id).join(", ")})\n`);
      process.exit(2);
    }
  }
  return out;
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const t0 = now();
  // The whole run must stay under 10 minutes on a 2-core machine; keep a margin.
  const ctx: Ctx = { quick: args.quick, log: (m) => process.stderr.write(`bench: ${m}\n`), deadline: t0 + (args.quick ? 90 : 540) * 1000 };
  const report: BenchReport = {
    mpisimBench: 1,
    mode: args.quick ? "quick" : "full",
    machine: {
      node: process.version,
      platform: process.platform,
      arch: process.arch,
      cpus: cpus().length,
      cpuModel: cpus()[0]?.model ?? "?",
      totalMemMB: Math.round(totalmem() / 2 ** 20),
      loadAvgStart: loadavg()[0],
      loadAvgEnd: 0,
    },
    startedAt: new Date().toISOString(),
    ms: 0,
    sections: [],
    targets: [],
  };
  for (const w of WORKLOADS) {
    if (args.only && !args.only.includes(w.id)) continue;
    ctx.log(`${w.id}…`);
    const s0 = now();
    let section: Section;
    try {
      section = await w.run(ctx);
    } catch (e) {
      section = { id: w.id, title: w.title, status: "error", message: e instanceof Error ? (e.stack ?? e.message) : String(e), rows: [] };
    }
    section.ms = Math.round(now() - s0);
    ctx.log(`${w.id}: ${section.status}${section.message ? ` (${section.message.split("\n")[0]})` : ""} in ${(section.ms / 1000).toFixed(1)} s`);
    report.sections.push(section);
  }
  report.ms = Math.round(now() - t0);
  report.machine.loadAvgEnd = loadavg()[0];
  // --quick sizes are too small for the figures to mean anything: no verdicts on them.
  if (args.quick) for (const s of report.sections) for (const r of s.rows) delete r.target;
  for (const s of report.sections) for (const r of s.rows) if (r.target) report.targets.push({ id: r.id, ...r.target });
  process.stdout.write((args.json ? JSON.stringify(report, null, 1) : formatReport(report)) + "\n");
  if (report.sections.some((s) => s.status === "error")) process.exitCode = 1;
}

await main();
