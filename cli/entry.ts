/**
 * What both entry points do (the installed dist/cli/bin.js and the sources' bin/mpisim.mjs): a big
 * world starts the command once more with a young generation sized for it (cli/young-gen.ts),
 * before the rest of the CLI loads; otherwise the command runs here. Resolves to the exit status.
 */
import { splitArgv } from "./argv.ts";
import { restartFlags, restartWith } from "./young-gen.ts";

/** `script`: the entry point to start again (its own file); `args`: the command line after it. */
export async function runCommand(script: string, args: string[]): Promise<number> {
  const flags = restartFlags(splitArgv(args).own, process.execArgv, process.env);
  if (flags !== null) return restartWith(flags, script, args);
  const { main } = await import("./main.ts");
  (await import("./pipe.ts")).stopQuietlyOnClosedPipe();
  return main(args);
}
