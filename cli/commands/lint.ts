import type { Command } from "commander";
import { lintAndPrint } from "../lint/index.ts";

export function registerLint(program: Command, setCode: (c: number) => void): void {
  program
    .command("lint")
    .description("static checks (ts-morph): un-awaited MPI calls, handles not freed, rank-dependent collectives, RMA outside epochs, Get results read early")
    .argument("<files...>", "program files (.ts)")
    .action((files: string[]) => {
      setCode(lintAndPrint(files, (l) => process.stdout.write(l + "\n")));
    });
}
