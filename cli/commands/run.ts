import type { Command } from "commander";
import { writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import type { RunResult } from "../../scheduler/run.ts";
import { bufferingOption, choiceOption, intOption, watchdogOption, WATCHDOG_HELP } from "../options.ts";
import type { TraceObserver } from "../../core/trace.ts";
import { formatDiagnostic, orderedOutput, runJson } from "../report.ts";
import type { Buffering } from "../../core/world.ts";
import { writeSvg } from "../svg/index.ts";

interface RunFlags {
  n?: number;
  seed: number;
  strategy: "random" | "round-robin";
  buffering: Buffering;
  tagOutput?: boolean;
  json?: boolean;
  trace?: string;
  svg?: string;
  ioDir?: string;
  watchdog?: number;
}

/** What `run` says about itself (text output only). */
export function runNote(buffering: Buffering): string {
  return `one schedule, ${buffering} buffering; \`mpisim check\` explores many under both eager and rendezvous buffering`;
}

/** `files` of run --json: sha256 of each file the run touched, by name. */
export function fileHashes(files: Record<string, Uint8Array> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(files ?? {})) out[name] = createHash("sha256").update(bytes).digest("hex");
  return out;
}

/**
 * Print each line as a rank prints it, like mpiexec (tagged "[r] " with --tag-output): the same
 * lines in the same order as orderedOutput() gives at the end, since both follow the trace.
 */
export function streamOutput(tag: boolean): TraceObserver {
  return {
    onRecord(rec) {
      if (rec.t === "output") process.stdout.write(`${tag ? `[${rec.rank}] ` : ""}${rec.text}\n`);
    },
  };
}

/** Run options for the CLI's run/replay: output streamed unless --json wants it all at the end. */
export function cliRunOptions(flags: { json?: boolean; tagOutput?: boolean; watchdog?: number }): { observers: TraceObserver[]; watchdog?: number } {
  return { observers: flags.json ? [] : [streamOutput(!!flags.tagOutput)], watchdog: flags.watchdog };
}

/**
 * Print a finished run the way mpiexec would, plus diagnostics; returns the exit code. `streamed`:
 * the output lines were already printed as they came (streamOutput).
 */
export function printRun(r: RunResult, flags: { json?: boolean; tagOutput?: boolean; trace?: string; svg?: string; programArgs?: readonly string[] }, files?: Record<string, string>, streamed = false): number {
  // --svg: the space-time picture of this run (replay/check can pass the flag through here too).
  if (flags.svg) writeSvg(r, flags.svg);
  if (flags.trace) writeFileSync(flags.trace, JSON.stringify({ program: r.program, ranks: r.ranks, schedule: r.schedule, traceHash: r.traceHash, trace: r.trace }, null, 1));
  if (flags.json) {
    process.stdout.write(JSON.stringify(runJson(r, files ?? fileHashes(r.files))) + "\n");
  } else {
    if (!streamed) for (const line of orderedOutput(r, !!flags.tagOutput)) process.stdout.write(line + "\n");
    for (const d of r.diagnostics) process.stderr.write(`mpisim: ${formatDiagnostic(d, r.program, flags.programArgs)}\n`);
    if (r.diagnostics.length) process.stderr.write(`mpisim: schedule ${r.schedule}\n`);
    for (const d of r.notes ?? []) process.stderr.write(`mpisim: note: ${d.message}\n`);
  }
  return r.diagnostics.length ? 1 : 0;
}

export function registerRun(program: Command, setCode: (c: number) => void, programArgs: readonly string[] = []): void {
  program
    .command("run")
    .description("run a program once under one schedule, like mpiexec -n N")
    .argument("<file>", "program file (.ts) or scenario:NAME; the program's own arguments go after --")
    .option("-n, --np <N>", "number of ranks (default: the program's `ranks` export); also -np N", intOption("-n", 1))
    .option("--seed <S>", "seed of the random schedule", intOption("--seed"), 0)
    .option("--strategy <S>", "random | round-robin", choiceOption("--strategy", ["random", "round-robin"] as const), "random")
    .option("--buffering <mode>", "eager | rendezvous", bufferingOption, "eager")
    .option("--tag-output", "prefix each output line with [rank]")
    .option("--json", "print one JSON object: outputs, diagnostics, schedule, files")
    .option("--trace <out.json>", "write the trace as JSON")
    .option("--svg <out.svg>", "write a space-time diagram of the run as SVG")
    .option("--io-dir <DIR>", "back MPI-IO with this directory (files persist between runs); default: an in-memory file system")
    .option("--watchdog <SEC>", `${WATCHDOG_HELP} (default 5)`, watchdogOption)
    .action(async (file: string, flags: RunFlags & { np?: number }) => {
      // the simulator is imported only by the commands that run a program (`list` starts fast)
      const { load, run } = await import("../../index.ts");
      const prog = await load(file);
      const r = await run(prog, { ranks: flags.np, seed: flags.seed, strategy: flags.strategy, buffering: flags.buffering, ioDir: flags.ioDir, argv: programArgs, ...cliRunOptions(flags) });
      setCode(printRun(r, { ...flags, programArgs }, undefined, !flags.json));
      // A clean run is one schedule under one buffering: say where the rest is (stderr: the ranks' output stays as mpiexec's).
      if (!flags.json) process.stderr.write(`mpisim: ${runNote(flags.buffering)}\n`);
    });
}
