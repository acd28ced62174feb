/** Shared by the ink TUI tests: key codes, waiting for a frame, mounting the App on a driver. */
import React from "react";
import { render } from "ink-testing-library";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { TuiDriver } from "../../cli/tui/driver.ts";
import { App } from "../../cli/tui/app.tsx";
import { tuiActions } from "../../cli/commands/tui.ts";

// eslint-disable-next-line no-control-regex
export const strip = (s: string | undefined) => (s ?? "").replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "");

export const KEY = {
  up: "\u001b[A",
  down: "\u001b[B",
  right: "\u001b[C",
  left: "\u001b[D",
  pageUp: "\u001b[5~",
  pageDown: "\u001b[6~",
  home: "\u001b[H",
  end: "\u001b[F",
  enter: "\r",
  tab: "\t",
  shiftTab: "\u001b[Z",
  backspace: "\u007f",
  escape: "\u001b",
  ctrlC: "\u0003",
};

/** Wait until the frame satisfies pred (keys are handled asynchronously, one after another). */
export async function frameWhere(inst: { lastFrame: () => string | undefined }, pred: (f: string) => boolean, what: string): Promise<string> {
  for (let i = 0; i < 6000; i++) {
    const f = strip(inst.lastFrame());
    if (pred(f)) return f;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`frame never showed ${what}:\n${strip(inst.lastFrame())}`);
}

export const stepOf = (f: string) => Number(/step (\d+)/.exec(f)?.[1] ?? NaN);
export const diagsOf = (f: string) => Number(/(\d+) diags?\b/.exec(f)?.[1] ?? NaN);
export const selectedLine = (f: string) => f.split("\n").find((l) => l.startsWith("›")) ?? "";

/** Render the App on a driver; the s and w keys write into a fresh temporary directory. */
export function mount(driver: TuiDriver, size = { columns: 80, rows: 24 }, dir = mkdtempSync(join(tmpdir(), "mpisim-tui-"))) {
  const exits: string[] = [];
  const svgPath = join(dir, "x.svg");
  const tokenPath = join(dir, "mpisim-token.txt");
  const inst = render(<App actions={tuiActions(driver, svgPath, tokenPath)} size={size} onExit={(t) => exits.push(t)} />);
  return { inst, exits, svgPath, tokenPath };
}
