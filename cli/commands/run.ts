import type { Command } from "commander";
import { writeFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { load, run } from "../../index.ts";
import type { RunResult } from "../../scheduler/run.ts";
import { bufferingOption, choiceOption, intOption } from "../options.ts";
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
}

/** `files` of run --json: sha256 of each file the run touched, by name. */
export function fileHashes(files: Record<string, Uint8Array> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, bytes] of Object.entries(files ?? {})) out[name] = createHash("sha256").update(bytes).digest("hex");
  return out;
}

/** Print a finished run the way mpiexec would, plus diagnostics; returns the exit code. */
export function printRun(r: RunResult, flags: { json?: boolean; tagOutput?: boolean; trace?: string; svg?: string }, files?: Record<string, string>): number {
  // --svg: the space-time picture of this run (replay/check can pass the flag through here too).
  if (flags.svg) writeSvg(r, flags.svg);
  if (flags.trace) writeFileSync(flags.trace, JSON.stringify({ program: r.program, ranks: r.ranks, schedule: r.schedule, traceHash: r.traceHash, trace: r.trace }, null, 1));
  if (flags.json) {
    process.stdout.write(JSON.stringify(runJson(r, files ?? fileHashes(r.files))) + "\n");
  } else {
    for (const line of orderedOutput(r, !!flags.tagOutput)) process.stdout.write(line + "\n");
    for (const d of r.diagnostics) process.stderr.write(`mpisim: ${formatDiagnostic(d)}\n`);
    if (r.diagnostics.length) process.stderr.write(`mpisim: schedule ${r.schedule}\n`);
    for (const d of r.notes ?? []) process.stderr.write(`mpisim: note: ${d.message}\n`);
  }
  return r.diagnostics.length ? 1 : 0;
}

export function registerRun(program: Command, setCode: (c: number) => void): void {
  program
    .command("run")
    .description("run a program once under one schedule, like mpiexec -n N")
    .argument("<file>", "program file (.ts) or scenario:NAME")
    .option("-n, --np <N>", "number of ranks (default: the program's `ranks` export)", intOption("-n", 1))
    .option("--seed <S>", "seed of the random schedule", intOption("--seed"), 0)
    .option("--strategy <S>", "random | round-robin", choiceOption("--strategy", ["random", "round-robin"] as const), "random")
    .option("--buffering <mode>", "eager | rendezvous", bufferingOption, "eager")
    .option("--tag-output", "prefix each output line with [rank]")
    .option("--json", "print one JSON object: outputs, diagnostics, schedule, files")
    .option("--trace <out.json>", "write the trace as JSON")
    .option("--svg <out.svg>", "write a space-time diagram of the run as SVG")
    .option("--io-dir <DIR>", "back MPI-IO with this directory (files persist between runs); default: an in-memory file system")
    .action(async (file: string, flags: RunFlags & { np?: number }) => {
      const prog = await load(file);
      const r = await run(prog, { ranks: flags.np, seed: flags.seed, strategy: flags.strategy, buffering: flags.buffering, ioDir: flags.ioDir });
      setCode(printRun(r, flags));
    });
}
