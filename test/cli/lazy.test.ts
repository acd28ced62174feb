// What `mpisim list` loads (issue 11: start fast): commander and the scenario names, not the
// simulator, the checkers, tsx's loader, ink/react, ts-morph, fast-check or h5wasm. Structural:
// a module hook records every module the command resolves; no timing is asserted (bench/ has it).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/conformance.ts";

const TMP = mkdtempSync(join(tmpdir(), "mpisim-lazy-"));
afterAll(() => rmSync(TMP, { recursive: true, force: true }));

/** The file: URLs resolved while `main(args)` runs (from the sources, through tsx). */
function modulesLoadedBy(args: string[]): string[] {
  const log = join(TMP, `${args[0]}.log`);
  const hooks = join(TMP, "hooks.mjs");
  writeFileSync(hooks, `import { appendFileSync } from "node:fs";
export async function resolve(specifier, context, next) {
  const r = await next(specifier, context);
  if (r.url.startsWith("file:")) appendFileSync(${JSON.stringify(log)}, r.url + "\\n");
  return r;
}
`);
  const register = join(TMP, "register.mjs");
  writeFileSync(register, `import { register } from "node:module";\nregister(${JSON.stringify(pathToFileURL(hooks).href)});\n`);
  writeFileSync(log, "");
  const main = pathToFileURL(join(ROOT, "cli/main.ts")).href;
  const r = spawnSync(process.execPath, ["--import", "tsx", "--import", register, "--input-type=module", "-e", `const { main } = await import(${JSON.stringify(main)}); process.exitCode = await main(${JSON.stringify(args)});`], {
    cwd: ROOT,
    encoding: "utf8",
  });
  expect(r.status, r.stderr).toBe(0);
  // the command's own modules: from the repository, after the tsx loader itself
  return readFileSync(log, "utf8").split("\n").filter((u) => u.startsWith(pathToFileURL(ROOT).href) && !u.includes("/node_modules/tsx/"));
}

// (check and replay parse their options with small scheduler modules: plan, token, strategy names)
const HEAVY = /\/(?:core\/world|core\/api|scheduler\/(?:session|run|explore|dpor|arbitrary)|checkers\/|cli\/tui\/|cli\/lint\/)|\/node_modules\/(?:ink|react|ts-morph|fast-check|h5wasm|tsx\/dist\/esm\/api)\//;

describe("lazy loading", () => {
  it("`mpisim list` loads none of the simulator, checkers, TUI, linter, tsx API, fast-check or h5wasm", () => {
    const urls = modulesLoadedBy(["list"]);
    expect(urls.some((u) => u.endsWith("/scenarios/index.ts"))).toBe(true); // the hook does see the command's modules
    expect(urls.filter((u) => HEAVY.test(u))).toEqual([]);
  });

  it("a command that runs a program loads the simulator (the hook would see it)", () => {
    const urls = modulesLoadedBy(["run", "scenario:fence-put"]);
    expect(urls.some((u) => u.endsWith("/core/world.ts"))).toBe(true);
    expect(urls.filter((u) => /\/node_modules\/(?:ink|react|h5wasm)\//.test(u))).toEqual([]);
  });
});
