import type { Command } from "commander";
import { SCENARIOS } from "../../scenarios/index.ts";

export function registerList(program: Command, _setCode: (c: number) => void): void {
  program
    .command("list")
    .description("list the built-in scenarios (run one as `mpisim run scenario:NAME`)")
    .action(() => {
      const w = Math.max(...SCENARIOS.map((s) => s.name.length));
      for (const s of SCENARIOS) process.stdout.write(`scenario:${s.name.padEnd(w)}  ${s.description}\n`);
    });
}
