import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { UsageError } from "../../core/errors.ts";
import { readTokenArg } from "../../scheduler/token.ts";
import { cliRunOptions, printRun } from "./run.ts";
import { watchdogOption, WATCHDOG_HELP } from "../options.ts";

interface ReplayFlags {
  trace?: string;
  json?: boolean;
  tagOutput?: boolean;
  tokenFile?: string;
  svg?: string;
  watchdog?: number;
}

/** `mpisim replay FILE TOKEN`: run one schedule exactly (same trace hash), printed like `run`. */
export function registerReplay(program: Command, setCode: (c: number) => void, programArgs: readonly string[] = []): void {
  program
    .command("replay")
    .description("replay a schedule token exactly (same trace, byte for byte) and print the run like `run`")
    .argument("<file>", "program file (.ts) or scenario:NAME")
    .argument("[token]", "schedule token, or @path of a file holding it; the program's own arguments go after --")
    .option("--token-file <path>", "read the token from this file")
    .option("--trace <out.json>", "write the trace as JSON")
    .option("--json", "print one JSON object: outputs, diagnostics, schedule, files")
    .option("--tag-output", "prefix each output line with [rank]")
    .option("--svg <out.svg>", "write a space-time diagram of the run as SVG")
    .option("--watchdog <SEC>", `${WATCHDOG_HELP} (default 5)`, watchdogOption)
    .action(async (file: string, tokenArg: string | undefined, flags: ReplayFlags) => {
      const read = (p: string) => readFileSync(p, "utf8");
      if (tokenArg === undefined && flags.tokenFile === undefined) throw new UsageError("replay needs a schedule token (or --token-file PATH)");
      if (tokenArg !== undefined && flags.tokenFile !== undefined) throw new UsageError("give the token either as an argument or with --token-file, not both");
      const token = tokenArg !== undefined ? readTokenArg(tokenArg, read) : readTokenArg(`@${flags.tokenFile}`, read);
      const { load, run } = await import("../../index.ts");
      const prog = await load(file);
      const r = await run(prog, { schedule: token, argv: programArgs, ...cliRunOptions(flags) });
      setCode(printRun(r, { ...flags, programArgs }, undefined, !flags.json));
    });
}
