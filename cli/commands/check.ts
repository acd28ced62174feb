import type { Command } from "commander";
import type { ExploreReport } from "../../index.ts";
import { writeSvg } from "../svg/index.ts";
import { UsageError } from "../../core/errors.ts";
import { EXPLORE_STRATEGIES, parseShard, type ExploreStrategy } from "../../scheduler/plan.ts";
import { choiceOption, intOption, watchdogOption, WATCHDOG_HELP } from "../options.ts";
import { formatDiagnostic } from "../report.ts";
import type { Buffering } from "../../core/world.ts";
import { checkDefaults } from "../check-defaults.ts";

interface CheckFlags {
  np?: number;
  schedules?: number;
  strategy: ExploreStrategy;
  buffering: Buffering | "both";
  json?: boolean;
  workers: number;
  shard?: string;
  seed: number;
  timeBudget?: number;
  all?: boolean;
  depth: number;
  preemptionBound?: number;
  shrink: boolean;
  svg?: string;
  watchdog?: number;
  strictWildcards?: boolean;
}

/** The JSON of `check --json` (SPEC §6): verdict, explored, diagnostics, then details. */
export function checkJson(r: ExploreReport): Record<string, unknown> {
  return {
    verdict: r.verdict,
    explored: r.explored,
    diagnostics: r.diagnostics,
    strategy: r.strategy,
    bufferings: r.bufferings,
    exploredBy: r.exploredBy,
    complete: r.complete,
    stoppedBy: r.stoppedBy,
    failures: r.failures.map((f) => ({ schedule: f.schedule, foundBy: f.foundBy, kind: f.key.split("|")[0], choices: f.choices, ...(f.critical ? { critical: f.critical } : {}) })),
    ...(r.notes ? { notes: r.notes } : {}),
    ...(r.pct ? { pct: r.pct } : {}),
    ...(r.dpor ? { dpor: r.dpor } : {}),
  };
}

/** Human-readable report (stdout), the diagnostics themselves like `run` prints them. */
function printReport(r: ExploreReport, file: string, programArgs: readonly string[]): void {
  const by = r.bufferings.map((b) => `${r.exploredBy[b] ?? 0} ${b}`).join(" + ");
  const modes = r.bufferings.length > 1 ? `; ${by}` : `; ${r.bufferings[0] ?? "eager"} buffering only`;
  const what = r.strategy === "dpor" ? `${r.explored} distinct schedule(s) (dpor${r.complete ? ", exhaustive" : ""}${modes})` : `${r.explored} schedule(s) (${r.strategy}${modes})`;
  process.stdout.write(`mpisim check ${file}: ${r.verdict === "clean" ? "clean" : `${r.failures.length} issue(s)`} after ${what}\n`);
  if (r.pct) {
    process.stdout.write(
      `  pct depth ${r.pct.depth}: each run finds a depth-${r.pct.depth} bug with probability ≥ 1/(n·k^(d−1)) = ${fmtP(r.pct.perRun)} (n=${r.pct.threads} threads, k=${r.pct.steps} steps); ${r.explored} run(s): ≥ ${fmtP(r.pct.overall)}\n`,
    );
  }
  if (r.dpor && r.dpor.blocked) process.stdout.write(`  dpor: ${r.dpor.blocked} sleep-set blocked execution(s) not counted\n`);
  if (r.stoppedBy === "time-budget") process.stdout.write("  stopped by the time budget\n");
  if (r.stoppedBy === "watchdog") process.stdout.write("  stopped: a rank spun past the watchdog (each further schedule would cost its limit)\n");
  if (r.notes) process.stdout.write(`  ${r.notes.length} note(s): wildcard receive(s) whose matching varies without changing the outcome (--strict-wildcards reports them)\n`);
  for (const f of r.failures) {
    for (const d of f.diagnostics.slice(0, 1)) process.stdout.write(`${formatDiagnostic(d, file, programArgs)}\n`);
    process.stdout.write(`    found by ${f.foundBy}; shrunk to ${f.choices} non-default choice(s)`);
    if (f.critical) process.stdout.write(`; critical step ${f.critical.step} (firing ${f.critical.event}): every continuation tried after it fails`);
    process.stdout.write("\n");
  }
}

function fmtP(p: number): string {
  return p >= 0.001 ? p.toFixed(4) : p.toExponential(2);
}

/** Progress on a TTY only (stderr): schedules/s and issues found so far. */
function progress(): { update: (p: { explored: number; failures: number; elapsedMs: number }) => void; done: () => void } {
  if (!process.stderr.isTTY) return { update: () => {}, done: () => {} };
  let last = 0;
  let shown = false;
  return {
    update: (p) => {
      if (p.elapsedMs - last < 200) return;
      last = p.elapsedMs;
      shown = true;
      const rate = p.elapsedMs > 0 ? (p.explored * 1000) / p.elapsedMs : 0;
      process.stderr.write(`\r\x1b[Kmpisim: ${p.explored} schedules, ${rate.toFixed(1)}/s, ${p.failures} failing so far`);
    },
    done: () => {
      if (shown) process.stderr.write("\r\x1b[K");
    },
  };
}

function bufferingBoth(v: string): Buffering | "both" {
  if (v === "eager" || v === "rendezvous" || v === "both") return v;
  throw new UsageError(`--buffering must be eager, rendezvous or both, got "${v}"`);
}

function timeOption(v: string): number {
  const n = Number(v);
  if (!/^\d+(\.\d+)?$/.test(v.trim()) || !(n > 0)) throw new UsageError(`--time-budget must be a positive number of seconds, got "${v}"`);
  return n;
}

export function registerCheck(program: Command, setCode: (c: number) => void, programArgs: readonly string[] = []): void {
  const d = checkDefaults();
  program
    .command("check")
    .description("explore many schedules and report every distinct problem (exit 0 clean, 1 issues, 2 bad input)")
    .argument("<file>", "program file (.ts) or scenario:NAME; the program's own arguments go after --")
    .option("-n, --np <N>", "number of ranks (default: the program's `ranks` export); also -np N", intOption("-n", 1))
    .option("--schedules <K>", "schedules to run (sampled strategies; default 200), at most K for dpor (default: all)", intOption("--schedules", 1))
    .option("--strategy <S>", EXPLORE_STRATEGIES.filter((s) => s !== "replay").join(" | "), choiceOption("--strategy", EXPLORE_STRATEGIES.filter((s) => s !== "replay")), d.strategy)
    .option("--buffering <mode>", "eager | rendezvous | both (default: both, sharing the schedule budget)", bufferingBoth, d.buffering)
    .option("--json", 'print one JSON object: { "verdict", "explored", "diagnostics", … }')
    .option("--workers <W>", "threads running schedules: this one and W-1 workers (results are identical for any W)", intOption("--workers", 1), d.workers)
    .option("--shard <i/n>", "explore only share i of n (schedule index mod n; dpor: its first branching)")
    .option("--seed <S>", "base seed of the sampled strategies", intOption("--seed"), d.seed)
    .option("--time-budget <SEC>", "stop starting new schedules after SEC seconds", timeOption)
    .option("--all", "collect every distinct diagnostic instead of stopping at the first failing schedule")
    .option("--depth <d>", "PCT bug depth", intOption("--depth", 1), d.depth)
    .option("--preemption-bound <B>", "dpor: at most B non-default choices per schedule", intOption("--preemption-bound", 0))
    .option("--no-shrink", "report failing schedules as found")
    .option("--strict-wildcards", "report every wildcard race as a message-race, also those whose other matching changes nothing")
    .option("--svg <out.svg>", "write the space-time diagram of the first failing schedule as SVG")
    .option("--watchdog <SEC>", `${WATCHDOG_HELP}, in every schedule (default 5)`, watchdogOption)
    .action(async (file: string, flags: CheckFlags) => {
      parseShard(flags.shard);
      const { explore, load, run } = await import("../../index.ts");
      const prog = await load(file);
      const p = flags.json ? { update: () => {}, done: () => {} } : progress();
      let report: ExploreReport;
      try {
        report = await explore(prog, {
          ranks: flags.np,
          strategy: flags.strategy,
          schedules: flags.schedules ?? d.schedules,
          seed: flags.seed,
          depth: flags.depth,
          buffering: flags.buffering,
          workers: flags.workers,
          shard: flags.shard,
          timeBudget: flags.timeBudget,
          all: flags.all,
          preemptionBound: flags.preemptionBound,
          shrink: flags.shrink,
          watchdog: flags.watchdog,
          strictWildcards: flags.strictWildcards,
          onProgress: p.update,
          argv: programArgs,
        });
      } finally {
        p.done();
      }
      // The picture needs the full trace: replay the first failure's (shrunk) token with it kept.
      if (flags.svg && report.failures.length) writeSvg(await run(prog, { schedule: report.failures[0].schedule, argv: programArgs, watchdog: flags.watchdog }), flags.svg);
      if (flags.json) process.stdout.write(JSON.stringify(checkJson(report)) + "\n");
      else printReport(report, file, programArgs);
      setCode(report.verdict === "clean" ? 0 : 1);
    });
}
