import { Command, CommanderError } from "commander";
import { UsageError } from "../core/errors.ts";
import { registerRun } from "./commands/run.ts";
import { registerList } from "./commands/list.ts";
import { registerCheck } from "./commands/check.ts";
import { registerReplay } from "./commands/replay.ts";
import { registerLint } from "./commands/lint.ts";
import { registerTui } from "./commands/tui.ts";

/**
 * The mpisim command (SPEC §6). Each subcommand lives in cli/commands/ and registers itself
 * here. Exit codes: 0 clean, 1 a diagnostic was found, 2 bad usage or input (one clear line).
 */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const program = new Command("mpisim")
    .description("deterministic simulator and race detector for MPI programs (mpi4py-shaped TypeScript)")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError(false);
  const setCode = (c: number) => {
    code = Math.max(code, c);
  };
  registerRun(program, setCode);
  registerList(program, setCode);
  registerCheck(program, setCode);
  registerReplay(program, setCode);
  registerLint(program, setCode);
  registerTui(program, setCode);
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    if (e instanceof UsageError) {
      process.stderr.write(`mpisim: ${e.message}\n`);
      return 2;
    }
    throw e;
  }
  return code;
}
