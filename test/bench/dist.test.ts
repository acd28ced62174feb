// bench/lib/dist.ts: the bench measures the built package, rebuilt when a source is newer.
import { mkdtempSync, mkdirSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ensureDist } from "../../bench/lib/dist.ts";

let dir = "";
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** A tiny project whose `npm run build` counts its builds in dist/index.js. */
function project(): string {
  dir = mkdtempSync(join(tmpdir(), "mpisim-dist-"));
  const build = "node -e \"const fs=require('fs');fs.mkdirSync('dist',{recursive:true});let n=0;try{n=Number(fs.readFileSync('dist/index.js','utf8'))}catch{};fs.writeFileSync('dist/index.js',String(n+1))\"";
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "p", private: true, scripts: { build } }));
  mkdirSync(join(dir, "core"));
  writeFileSync(join(dir, "core", "a.ts"), "export const a = 1;\n");
  return dir;
}

const builds = (d: string) => Number(readFileSync(join(d, "dist", "index.js"), "utf8"));

describe("ensureDist", () => {
  it("builds when dist/ is missing, not again while it is fresh, and again after a source changes", () => {
    const d = project();
    expect(ensureDist(d)).toBe(join(d, "dist"));
    expect(builds(d)).toBe(1);
    ensureDist(d);
    expect(builds(d)).toBe(1);
    const later = new Date(Date.now() + 60_000);
    utimesSync(join(d, "core", "a.ts"), later, later);
    ensureDist(d);
    expect(builds(d)).toBe(2);
  });
});
