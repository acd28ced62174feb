/**
 * Start-up (issue 11): wall time of the installed command — the compiled CLI, dist/cli/bin.js —
 * for `mpisim list` and for `mpisim run` of a 2-rank hello, each against a bare `node -e 0`
 * started in the same rounds. Targets: list ≤ 3×, run ≤ 6× a bare Node start.
 *
 * The full bench first builds dist/ (as `npm ci` and `npm pack` do), so it never times a stale
 * build; --quick uses the dist/ that is there, and skips without one.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { interleave, median, now } from "../lib/measure.ts";
import type { Row, Section } from "../lib/report.ts";
import { benchProgramPath } from "../lib/sim.ts";
import type { Ctx } from "./ctx.ts";

const ROOT = join(import.meta.dirname, "..", "..");
const BIN = join(ROOT, "dist", "cli", "bin.js");

/** The children's environment: no loader hooks or vitest variables inherited from whoever runs the bench. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) if (k !== "NODE_OPTIONS" && !k.startsWith("VITEST")) env[k] = v;
  return env;
}

/** Wall milliseconds of one child process; it must exit 0 and print what it should. */
function timed(args: string[], expect: RegExp): () => Promise<number> {
  const env = cleanEnv();
  return async () => {
    const t0 = now();
    const r = spawnSync(process.execPath, args, { cwd: ROOT, env, encoding: "utf8" });
    const ms = now() - t0;
    if (r.status !== 0 || !expect.test(r.stdout)) throw new Error(`node ${args.join(" ")}: exit ${r.status}\n${r.stdout}${r.stderr}`);
    return ms;
  };
}

export async function startupSection(ctx: Ctx): Promise<Section> {
  const id = "startup";
  const title = "Start-up of the installed command vs a bare node";
  if (!ctx.quick) {
    ctx.log("startup: building dist/ (npm run build)");
    const b = spawnSync(process.execPath, [join(ROOT, "node_modules", "typescript", "bin", "tsc"), "-p", "tsconfig.build.json"], { cwd: ROOT, encoding: "utf8" });
    if (b.status !== 0) throw new Error(`tsc -p tsconfig.build.json failed:\n${b.stdout}${b.stderr}`);
  }
  if (!existsSync(BIN)) return { id, title, status: "skipped", message: "no dist/cli/bin.js: run `npm run build` (the full bench builds it)", rows: [] };
  const hello = benchProgramPath("hello");
  const samples = await interleave(
    {
      node: timed(["-e", "0"], /^$/),
      list: timed([BIN, "list"], /^scenario:/),
      run: timed([BIN, "run", "-n", "2", hello], /hello from rank 1 of 2/),
    },
    ctx.quick ? 1 : 15,
  );
  const node = median(samples.node);
  const row = (what: "list" | "run", label: string, limit: number): Row => {
    const ms = median(samples[what]);
    return {
      id: `${id}.${what}`,
      figure: { label, value: ms, unit: "ms" },
      reference: { label: "node -e 0", value: node, unit: "ms" },
      ratio: ms / node,
      ratioMeaning: "× a bare node start",
      target: { text: `≤ ${limit}× a bare node start`, holds: ms / node <= limit },
      extra: { samples: samples[what].map((x) => x.toFixed(0)).join(" "), nodeSamples: samples.node.map((x) => x.toFixed(0)).join(" ") },
    };
  };
  return {
    id,
    title,
    status: "ok",
    setup: `wall time of a child process (median of ${samples.node.length}, after one warm-up round that also fills the instrumentation cache): node dist/cli/bin.js list; node dist/cli/bin.js run -n 2 bench/programs/hello.ts; node -e 0`,
    rows: [row("list", "mpisim list", 3), row("run", "mpisim run -n 2 hello.ts", 6)],
  };
}
