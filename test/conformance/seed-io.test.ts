import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "../../index.ts";
import { runProgram } from "../../scheduler/run.ts";
import { runJson } from "../../cli/report.ts";
import { MemoryFileSystem } from "../../core/io/index.ts";
import { SEED, mpisim, seedExpected, skipWithoutShared } from "../helpers/conformance.ts";

const NO_SHARED = skipWithoutShared("conformance: MPI-IO seed programs");
const expected = NO_SHARED ? {} : seedExpected();
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const SEEDS = 200;

describe.skipIf(NO_SHARED)("conformance: MPI-IO seed programs (05, 06 → 07)", () => {
  it("05-write-at-read-at: Open MPI's output and datafile.bin's bytes under 200 schedules", async () => {
    const program = await load(join(SEED, "05-write-at-read-at.ts"));
    const want = expected["05-write-at-read-at.ts"];
    for (let seed = 0; seed < SEEDS; seed++) {
      const r = await runProgram(program, { ranks: want.ranks, seed, keepTrace: false });
      expect(r.diagnostics, `seed ${seed}`).toEqual([]);
      expect(runJson(r).outputs, `seed ${seed}`).toEqual(want.output_by_rank);
      const bytes = r.files!["datafile.bin"];
      expect(bytes.length).toBe(want.files_after!["datafile.bin"].bytes);
      expect(sha(bytes), `seed ${seed}`).toBe(want.files_after!["datafile.bin"].sha256);
    }
  });

  it("06 then 07 on one in-memory file system: rows_fixed.bin's bytes and the read-back lines under 200 schedules", async () => {
    const p06 = await load(join(SEED, "06-rows-write-view.ts"));
    const p07 = await load(join(SEED, "07-rows-read-view.ts"));
    const w06 = expected["06-rows-write-view.ts"];
    const w07 = expected["07-rows-read-view.ts"];
    for (let seed = 0; seed < SEEDS; seed++) {
      const fs = new MemoryFileSystem();
      const r6 = await runProgram(p06, { ranks: 4, seed, fs, keepTrace: false });
      expect(r6.diagnostics, `06 seed ${seed}`).toEqual([]);
      expect(runJson(r6).outputs).toEqual(w06.output_by_rank);
      expect(sha(r6.files!["rows_fixed.bin"]), `06 seed ${seed}`).toBe(w06.files_after!["rows_fixed.bin"].sha256);
      // 07 reads what 06 wrote, under a different schedule.
      const r7 = await runProgram(p07, { ranks: 4, seed: seed * 7919 + 1, fs, keepTrace: false });
      expect(r7.diagnostics, `07 seed ${seed}`).toEqual([]);
      expect(runJson(r7).outputs, `07 seed ${seed}`).toEqual(w07.output_by_rank);
      expect(sha(fs.get("rows_fixed.bin")!)).toBe(w06.files_after!["rows_fixed.bin"].sha256);
    }
  });

  it("the same under rendezvous buffering and round-robin", async () => {
    const p06 = await load(join(SEED, "06-rows-write-view.ts"));
    const p07 = await load(join(SEED, "07-rows-read-view.ts"));
    for (const opts of [{ buffering: "rendezvous" as const, seed: 3 }, { strategy: "round-robin" as const }]) {
      const fs = new MemoryFileSystem();
      await runProgram(p06, { ...opts, fs });
      const r7 = await runProgram(p07, { ...opts, fs });
      expect(runJson(r7).outputs).toEqual(expected["07-rows-read-view.ts"].output_by_rank);
      expect(sha(fs.get("rows_fixed.bin")!)).toBe(expected["06-rows-write-view.ts"].files_after!["rows_fixed.bin"].sha256);
    }
  });

  it("through the real binary: mpisim run --json --io-dir DIR, 05 then 06 then 07 in one directory", () => {
    for (const seed of [0, 42]) {
      const dir = mkdtempSync(join(tmpdir(), "mpisim-io-"));
      try {
        for (const file of ["05-write-at-read-at.ts", "06-rows-write-view.ts", "07-rows-read-view.ts"]) {
          const r = mpisim(["run", "--json", "--io-dir", dir, join(SEED, file), "--seed", String(seed)]);
          expect(r.code, r.stderr).toBe(0);
          const out = JSON.parse(r.stdout);
          const want = expected[file];
          for (const [rank, lines] of Object.entries(want.output_by_rank)) expect(out.outputs[rank], `${file} rank ${rank}`).toEqual(lines);
          expect(out.diagnostics).toEqual([]);
          for (const [name, f] of Object.entries(want.files_after ?? {})) {
            expect(out.files[name], `${file} ${name}`).toBe(f.sha256);
            expect(sha(readFileSync(join(dir, name)))).toBe(f.sha256);
          }
        }
        // 07 opened rows_fixed.bin read-only: reported, unchanged.
        expect(sha(readFileSync(join(dir, "rows_fixed.bin")))).toBe(expected["06-rows-write-view.ts"].files_after!["rows_fixed.bin"].sha256);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    }
  });

  it("without --io-dir the file system is in memory and starts empty: run --json still reports the files", () => {
    const r = mpisim(["run", "--json", join(SEED, "05-write-at-read-at.ts"), "--seed", "9"]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).files).toEqual({ "datafile.bin": expected["05-write-at-read-at.ts"].files_after!["datafile.bin"].sha256 });
    const r7 = mpisim(["run", "--json", join(SEED, "07-rows-read-view.ts")]);
    expect(r7.code).toBe(1);
    expect(JSON.parse(r7.stdout).diagnostics[0]).toMatchObject({ kind: "mpi-error", errorClass: "ERR_NO_SUCH_FILE" });
  });
});
