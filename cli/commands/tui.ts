import type { Command } from "commander";
import { basename } from "node:path";
import { createElement } from "react";
import { render } from "ink";
import { load } from "../../index.ts";
import { UsageError } from "../../core/errors.ts";
import type { Buffering } from "../../core/world.ts";
import { bufferingOption, intOption, watchdogOption, WATCHDOG_HELP } from "../options.ts";
import { TuiDriver } from "../tui/driver.ts";
import { App, type TuiActions } from "../tui/app.tsx";
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
export function tuiActions(driver: TuiDriver, svgPath: string): TuiActions {
  return {
    snapshot: () => driver.snapshot(),
    suggested: () => driver.suggested(),
    fire: (i) => driver.fire(i),
    back: () => driver.back(),
    runToDiagnostic: () => driver.runToDiagnostic(),
    runToEnd: () => driver.runToEnd(),
    toggleBuffering: () => driver.toggleBuffering(),
    token: () => driver.token(),
    writeSvg: () => {
      writeSvg(driver.svgInput(), svgPath);
      return svgPath;
    },
  };
}

export function registerTui(program: Command, setCode: (c: number) => void): void {
  program
    .command("tui")
    .description("step through a run in the terminal: choose events, step back, run to the next diagnostic")
    .argument("<file>", "program file (.ts) or scenario:NAME")
    .option("-n, --np <N>", "number of ranks (default: the program's `ranks` export)", intOption("-n", 1))
    .option("--schedule <TOKEN>", "open this schedule (at its first diagnostic when it fails)")
    .option("--seed <S>", "open the random schedule of this seed (as `mpisim run --seed S`)", intOption("--seed"))
    .option("--buffering <mode>", "eager | rendezvous", bufferingOption)
    .option("--svg <out.svg>", "where the s key writes the space-time diagram (default: <program>.svg)")
    .option("--watchdog <SEC>", `${WATCHDOG_HELP} (default 5)`, watchdogOption)
    .action(async (file: string, flags: TuiFlags) => {
      if (!process.stdin.isTTY || !process.stdout.isTTY) throw new UsageError("mpisim tui needs a terminal (stdin and stdout must be a TTY)");
      if (flags.schedule !== undefined && flags.seed !== undefined) throw new UsageError("give either --schedule or --seed, not both");
      const prog = await load(file);
      const driver = await TuiDriver.open({ program: prog, ranks: flags.np, seed: flags.seed, schedule: flags.schedule, buffering: flags.buffering, runOptions: () => ({ watchdog: flags.watchdog }) });
      const svgPath = flags.svg ?? `${basename(prog.name.replace(/^scenario:/, "")).replace(/\.[cm]?[tj]s$/, "")}.svg`;
      let token = "";
      const app = render(createElement(App, { actions: tuiActions(driver, svgPath), onExit: (t: string) => (token = t) }), { exitOnCtrlC: false });
      await app.waitUntilExit();
      process.stdout.write(`mpisim: schedule ${token}\n`);
      setCode(driver.diagnostics().length ? 1 : 0);
    });
}
