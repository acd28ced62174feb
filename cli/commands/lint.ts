import type { Command } from "commander";

export function registerLint(program: Command, setCode: (c: number) => void): void {
  program
    .command("lint")
    .description("static checks (ts-morph): un-awaited MPI calls, handles not freed, rank-dependent collectives, RMA outside epochs, Get results read early")
    .argument("<files...>", "program files (.ts)")
    .action(async (files: string[]) => {
      const { lintAndPrint } = await import("../lint/index.ts"); // ts-morph: only for lint
      setCode(lintAndPrint(files, (l) => process.stdout.write(l + "\n")));
    });
}
