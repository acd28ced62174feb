/**
 * The package as a user gets it (issue 11, "Done when"): `npm pack` once, install the tarball in
 * two fresh projects — `"type": "module"` and npm init's CommonJS default — and there follow the
 * README: its ring.ts, vitest.config.ts and test/ring.test.ts (taken from README.md's code blocks,
 * so the README is what is tested) pass with plain `npx vitest run`; `tsc` (strict, NodeNext,
 * skipLibCheck) accepts a file importing `mpisim` and `mpisim/vitest`; plain `node` imports and
 * requires the library and runs a program; `npx mpisim` runs a program that imports its own .ts
 * helper, with arguments.
 *
 * Slow (an install from the registry, `--prefer-offline` reuses npm's cache): one pack, two
 * projects, its own timeouts. Every child runs with a clean environment (no VITEST* or
 * NODE_OPTIONS of ours), so the user project's vitest never runs inside this one's.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROOT } from "../helpers/conformance.ts";

const KINDS = ["esm", "cjs"] as const;
type Kind = (typeof KINDS)[number];

const TMP = mkdtempSync(join(tmpdir(), "mpisim-pack-"));
const project = (k: Kind) => join(TMP, k);
const NPM = process.platform === "win32" ? "npm.cmd" : "npm";
const TSC = join(ROOT, "node_modules", "typescript", "bin", "tsc");

function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (k === "NODE_OPTIONS" || k.startsWith("VITEST") || k === "TSX_TSCONFIG_PATH" || k.startsWith("npm_")) continue;
    env[k] = v;
  }
  return { ...env, FORCE_COLOR: "0", NO_COLOR: "1", CI: "1" };
}

interface Out {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Run a command to its end (async: the two projects install side by side). */
function sh(cmd: string, args: string[], cwd: string): Promise<Out> {
  return new Promise((resolve, reject) => {
    const p = spawn(cmd, args, { cwd, env: cleanEnv(), stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    p.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    p.on("error", reject);
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

function ok(r: Out, what: string): Out {
  if (r.code !== 0) throw new Error(`${what}: exit ${r.code}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** The README's ```ts blocks whose first line is `// NAME`: README.md is what the projects run. */
function readmeFile(name: string): string {
  const md = readFileSync(join(ROOT, "README.md"), "utf8");
  for (const m of md.matchAll(/```ts\n([\s\S]*?)```/g)) if (m[1].startsWith(`// ${name}`)) return m[1];
  throw new Error(`README.md has no \`\`\`ts block starting with "// ${name}"`);
}

function write(k: Kind, path: string, text: string): void {
  const file = join(project(k), path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
}

// A program whose helper module (imported as .ts, with an argument from the command line) prints.
const GREET = `export function greet(rank: number, args: string[]): string {
  return \`rank \${rank} says \${args.join(" ")}\`;
}
`;
const HELLO = `import type { MPI as MPINamespace } from "mpisim";
import { greet } from "./greet.ts";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  console.log(greet(MPI.COMM_WORLD.Get_rank(), MPI.argv.slice(1)));
  await MPI.COMM_WORLD.Barrier();
}
`;
// The race lives in the helper: rank 0 writes its Isend buffer before the Wait.
const RACY_HELPER = `import type { MPI as MPINamespace } from "mpisim";

export async function sendEarlyWrite(MPI: MPINamespace): Promise<void> {
  const comm = MPI.COMM_WORLD;
  const buf = new Int32Array(4);
  if (comm.Get_rank() === 0) {
    const req = comm.Isend(buf, { dest: 1, tag: 0 });
    buf[0] = 7;
    await req.Wait();
  } else await comm.Recv(buf, { source: 0, tag: 0 });
}
`;
const RACY_MAIN = `import type { MPI as MPINamespace } from "mpisim";
import { sendEarlyWrite } from "./racy-helper.ts";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  await sendEarlyWrite(MPI);
}
`;
// A user's own test file for tsc: every entry, value and type.
const TYPED = `import { explore, load, run, replay, programFromFunction, MPIException, type MPI, type RunResult, type Diagnostic } from "mpisim";
import { fc, mpisimPlugin, schedules, RACE_KINDS } from "mpisim/vitest";

const p = programFromFunction(async (MPI: MPI) => { await MPI.COMM_WORLD.Barrier(); }, { ranks: 2 });

export async function go(): Promise<RunResult> {
  const r = await run(p, { ranks: 2, seed: 1, argv: ["x"] });
  await replay(p, r.schedule);
  const report = await explore(await load("programs/ring.ts"), { schedules: 3 });
  const ds: Diagnostic[] = report.diagnostics;
  fc.assert(fc.property(schedules({ ranks: 2 }), () => true));
  void mpisimPlugin(); void RACE_KINDS; void ds; void (MPIException.prototype instanceof Error);
  return r;
}
`;
const TSCONFIG = JSON.stringify({
  compilerOptions: { strict: true, module: "NodeNext", moduleResolution: "NodeNext", skipLibCheck: true, target: "ES2022", noEmit: true },
  include: ["test", "typed.ts"],
});
// Plain node: run a program object (a function), and load() a .ts program importing its helper.
const PLAIN_BODY = (importLine: string) => `${importLine}
const ping = programFromFunction(async (MPI) => {
  const comm = MPI.COMM_WORLD;
  if (comm.Get_rank() === 0) await comm.Send(new Int32Array([42]), { dest: 1, tag: 0 });
  else { const b = new Int32Array(1); await comm.Recv(b, { source: 0, tag: 0 }); console.log("got " + b[0]); }
}, { ranks: 2 });
(async () => {
  const r = await run(ping, { seed: 1 });
  const h = await run(await load("programs/hello.ts"), { argv: ["hi"] });
  console.log(JSON.stringify({ ping: r.outputs, diagnostics: r.diagnostics.length, hello: h.outputs }));
})();
`;

let tarball = "";

beforeAll(async () => {
  // `npm pack` runs `prepare` (the build) first, as publishing does
  const pack = ok(await sh(NPM, ["pack", "--json", "--pack-destination", TMP], ROOT), "npm pack");
  const info = JSON.parse(pack.stdout.slice(pack.stdout.indexOf("["))) as { filename: string; files: { path: string }[] }[];
  tarball = join(TMP, info[0].filename);
  const paths = info[0].files.map((f) => f.path);
  expect(paths).toContain("dist/index.js");
  expect(paths.filter((p) => /^(test|bench|\.ci)\//.test(p) || (p.endsWith(".ts") && !p.endsWith(".d.ts") && !p.startsWith("scenarios/")))).toEqual([]);

  const vitestVersion = (JSON.parse(readFileSync(join(ROOT, "node_modules", "vitest", "package.json"), "utf8")) as { version: string }).version;
  await Promise.all(
    KINDS.map(async (k) => {
      mkdirSync(project(k));
      ok(await sh(NPM, ["init", "-y"], project(k)), `${k}: npm init -y`);
      if (k === "esm") ok(await sh(NPM, ["pkg", "set", "type=module"], project(k)), "npm pkg set type=module");
      ok(await sh(NPM, ["install", "--prefer-offline", "--no-audit", "--no-fund", "--save-dev", tarball, `vitest@${vitestVersion}`], project(k)), `${k}: npm install`);
      // as the README says: ring.ts in programs/, the config (.mts in a CommonJS project), the test
      write(k, "programs/ring.ts", readmeFile("ring.ts"));
      write(k, k === "esm" ? "vitest.config.ts" : "vitest.config.mts", readmeFile("vitest.config.ts"));
      write(k, "test/ring.test.ts", readmeFile("test/ring.test.ts"));
      write(k, "programs/greet.ts", GREET);
      write(k, "programs/hello.ts", HELLO);
      write(k, "programs/racy-helper.ts", RACY_HELPER);
      write(k, "programs/racy-main.ts", RACY_MAIN);
      write(k, "typed.ts", TYPED);
      write(k, "tsconfig.json", TSCONFIG);
      write(k, "plain.mjs", PLAIN_BODY('import { load, programFromFunction, run } from "mpisim";'));
      write(k, "plain.cjs", PLAIN_BODY('const { load, programFromFunction, run } = require("mpisim");'));
    }),
  );
}, 900_000);

afterAll(() => {
  rmSync(TMP, { recursive: true, force: true });
});

describe.each(KINDS)("the packed mpisim in a fresh %s project", (k) => {
  it("runs the README's vitest.config.ts and ring test with plain `npx vitest run`", async () => {
    const r = await sh("npx", ["vitest", "run"], project(k));
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).toMatch(/Tests\s+2 passed/);
  }, 300_000);

  it("type-checks a user file importing mpisim and mpisim/vitest (strict, NodeNext, skipLibCheck)", async () => {
    const r = await sh(process.execPath, [TSC, "-p", "."], project(k));
    expect(r.stdout + r.stderr).toBe("");
    expect(r.code).toBe(0);
  }, 300_000);

  it("plain node imports (ESM) and requires (CommonJS) the library and runs programs", async () => {
    for (const file of ["plain.mjs", "plain.cjs"]) {
      const r = await sh(process.execPath, [file], project(k));
      expect(r.code, `${file}: ${r.stderr}`).toBe(0);
      expect(JSON.parse(r.stdout.trim())).toEqual({ ping: [[], ["got 42"]], diagnostics: 0, hello: [["rank 0 says hi"], ["rank 1 says hi"]] });
    }
  }, 300_000);

  it("npx mpisim: --version, list, and run of a program importing its .ts helper, with arguments", async () => {
    const v = await sh("npx", ["mpisim", "--version"], project(k));
    expect(v.stdout.trim()).toBe((JSON.parse(readFileSync(join(ROOT, "package.json"), "utf8")) as { version: string }).version);
    expect((await sh("npx", ["mpisim", "list"], project(k))).stdout).toMatch(/^scenario:work-stealing /m);
    const r = await sh("npx", ["mpisim", "run", "programs/hello.ts", "--tag-output", "--", "a", "b"], project(k));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout.trim().split("\n").sort()).toEqual(["[0] rank 0 says a b", "[1] rank 1 says a b"]);
  }, 300_000);

  // The whole local module graph is instrumented, not only the entry file (issue 11): a race that
  // lives in a helper the program imports is found from the installed package too.
  it("npx mpisim check finds a race that lives in an imported helper module", async () => {
    const r = await sh("npx", ["mpisim", "check", "programs/racy-main.ts", "--json"], project(k));
    expect(r.code, r.stderr).toBe(1);
    const report = JSON.parse(r.stdout) as { verdict: string; diagnostics: { kind: string; accesses?: { where?: string }[] }[] };
    expect(report.verdict).toBe("issues");
    const race = report.diagnostics.find((d) => d.kind === "buffer-race");
    expect(race, r.stdout).toBeDefined();
    expect(race!.accesses!.some((a) => /racy-helper\.ts:\d+:\d+/.test(a.where ?? ""))).toBe(true);
  }, 300_000);
});
