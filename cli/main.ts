import { Command, CommanderError } from "commander";
import { UsageError } from "../core/errors.ts";
import { registerRun } from "./commands/run.ts";
import { registerList } from "./commands/list.ts";
import { registerCheck } from "./commands/check.ts";
import { registerReplay } from "./commands/replay.ts";
import { registerLint } from "./commands/lint.ts";
import { registerTui } from "./commands/tui.ts";
import { packageVersion, splitArgv } from "./argv.ts";

/**
 * The mpisim command (SPEC §6). Each subcommand lives in cli/commands/ and registers itself
 * here. Exit codes: 0 clean, 1 a diagnostic was found, 2 bad usage or input (one clear line).
 * mpiexec's habits work: `-np N`, `--version`, and the program's own arguments after `--`.
 */
export async function main(argv: string[]): Promise<number> {
  let code = 0;
  const { own, programArgs } = splitArgv(argv);
  const program = new Command("mpisim")
    .description("deterministic simulator and race detector for MPI programs (mpi4py-shaped TypeScript)")
    .version(packageVersion(), "-V, --version")
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) })
    .showHelpAfterError(false);
  const setCode = (c: number) => {
    code = Math.max(code, c);
  };
  registerRun(program, setCode, programArgs);
  registerList(program, setCode);
  registerCheck(program, setCode, programArgs);
  registerReplay(program, setCode, programArgs);
  registerLint(program, setCode);
  registerTui(program, setCode, programArgs);
  try {
    await program.parseAsync(own, { from: "user" });
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
