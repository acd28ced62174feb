import type { Command } from "commander";
import { basename, resolve } from "node:path";
import { writeFileSync } from "node:fs";
import { UsageError } from "../../core/errors.ts";
import type { Buffering } from "../../core/world.ts";
import { bufferingOption, intOption, watchdogOption, WATCHDOG_HELP } from "../options.ts";
import type { TuiDriver } from "../tui/driver.ts";
import type { TuiActions } from "../tui/app.tsx";
import { TOKEN_FILE } from "../token-file.ts";
import { writeSvg } from "../svg/index.ts";

interface TuiFlags {
  np?: number;
  schedule?: string;
  seed?: number;
  buffering?: Buffering;
  svg?: string;
  watchdog?: number;
}

/** The driver plus the SVG writer: everything the App may ask for. */
export function tuiActions(driver: TuiDriver, svgPath: string, tokenPath = resolve(TOKEN_FILE)): TuiActions {
  return {
    snapshot: () => driver.snapshot(),
    suggested: () => driver.suggested(),
    fire: (i) => driver.fire(i),
    back: () => driver.back(),
    runToDiagnostic: () => driver.runToDiagnostic(),
    runToEnd: () => driver.runToEnd(),
    toggleBuffering: () => driver.toggleBuffering(),
    token: () => driver.token(),
    writeToken: (token) => {
      writeFileSync(tokenPath, `${token}\n`);
      return tokenPath;
    },
    writeSvg: () => {
      writeSvg(driver.svgInput(), svgPath);
      return svgPath;
    },
  };
}

export function registerTui(program: Command, setCode: (c: number) => void, programArgs: readonly string[] = []): void {
  program
    .command("tui")
    .description("step through a run in the terminal: choose events, step back, run to the next diagnostic")
    .argument("<file>", "program file (.ts) or scenario:NAME; the program's own arguments go after --")
    .option("-n, --np <N>", "number of ranks (default: the program's `ranks` export); also -np N", intOption("-n", 1))
    .option("--schedule <TOKEN>", "open this schedule (at its first diagnostic when it fails)")
    .option("--seed <S>", "open the random schedule of this seed (as `mpisim run --seed S`)", intOption("--seed"))
    .option("--buffering <mode>", "eager | rendezvous", bufferingOption)
    .option("--svg <out.svg>", "where the s key writes the space-time diagram (default: <program>.svg)")
    .option("--watchdog <SEC>", `${WATCHDOG_HELP} (default 5)`, watchdogOption)
    .action(async (file: string, flags: TuiFlags) => {
      // The token opens under the buffering it was found with (a rendezvous-only deadlock stays one).
      if (flags.schedule !== undefined && flags.buffering !== undefined) throw new UsageError("a --schedule token carries its buffering: give --schedule or --buffering, not both");
      if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UsageError("mpisim tui needs a terminal (stdin and stdout must be a TTY)");
      if (flags.schedule !== undefined && flags.seed !== undefined) throw new UsageError("give either --schedule or --seed, not both");
      // ink and react (and the simulator) are loaded only when the TUI really starts
      const [{ createElement }, { render }, { load }, { TuiDriver }, { App }] = await Promise.all([
        import("react"),
        import("ink"),
        import("../../index.ts"),
        import("../tui/driver.ts"),
        import("../tui/app.tsx"),
      ]);
      const prog = await load(file);
      const driver = await TuiDriver.open({ program: prog, ranks: flags.np, seed: flags.seed, schedule: flags.schedule, buffering: flags.buffering, runOptions: () => ({ argv: programArgs, watchdog: flags.watchdog }) });
      const svgPath = flags.svg ?? `${basename(prog.name.replace(/^scenario:/, "")).replace(/\.[cm]?[tj]s$/, "")}.svg`;
      let token = "";
      const app = render(createElement(App, { actions: tuiActions(driver, svgPath), onExit: (t: string) => (token = t) }), { exitOnCtrlC: false });
      await app.waitUntilExit();
      process.stdout.write(`mpisim: schedule ${token}\n`);
      setCode(driver.diagnostics().length ? 1 : 0);
    });
}
