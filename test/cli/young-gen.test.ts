// cli/young-gen.ts: a big world (-n N, N > 512) starts the command again with a young generation
// sized for it; small worlds, a restarted command and a user's own setting are left alone.
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ranksAskedFor, restartFlags, semiSpaceMbFor } from "../../cli/young-gen.ts";
import { ROOT, mpisim } from "../helpers/conformance.ts";

describe("young generation for big worlds", () => {
  it("32 kB of semi-space per rank, a power of two from 32 to 256 MB; none up to 512 ranks", () => {
    expect([1, 2, 64, 512].map(semiSpaceMbFor)).toEqual([null, null, null, null]);
    expect([513, 1024, 1025, 2048, 4096, 8192, 1 << 20].map(semiSpaceMbFor)).toEqual([32, 32, 64, 64, 128, 256, 256]);
  });

  it("reads -n as commander does: -n N, -nN, -n=N, --np N, --np=N, the last one; nothing after --", () => {
    expect(ranksAskedFor(["run", "-n", "1024", "p.ts"])).toBe(1024);
    expect(ranksAskedFor(["run", "p.ts", "-n4096"])).toBe(4096);
    expect(ranksAskedFor(["run", "p.ts", "-n=600"])).toBe(600);
    expect(ranksAskedFor(["check", "--np", "2048", "p.ts"])).toBe(2048);
    expect(ranksAskedFor(["tui", "--np=700", "p.ts"])).toBe(700);
    expect(ranksAskedFor(["run", "-n", "2048", "-n", "4", "p.ts"])).toBe(4);
    expect(ranksAskedFor(["run", "p.ts"])).toBeNull();
    expect(ranksAskedFor(["run", "-n", "many", "p.ts"])).toBeNull();
    expect(ranksAskedFor(["run", "-n"])).toBeNull();
  });

  it("restarts only a big world, once, and never over the user's own --max-semi-space-size", () => {
    const big = ["run", "-n", "4096", "p.ts"];
    expect(restartFlags(big, [], {})).toEqual(["--max-semi-space-size=128"]);
    expect(restartFlags(["run", "-n", "512", "p.ts"], [], {})).toBeNull();
    expect(restartFlags(["list"], [], {})).toBeNull();
    expect(restartFlags(big, [], { MPISIM_YOUNG_GENERATION: "--max-semi-space-size=128" })).toBeNull();
    expect(restartFlags(big, ["--max-semi-space-size=8"], {})).toBeNull();
    expect(restartFlags(big, [], { NODE_OPTIONS: "--max-semi-space-size=64" })).toBeNull();
    expect(restartFlags(big, ["--enable-source-maps"], { NODE_OPTIONS: "--no-warnings" })).toEqual(["--max-semi-space-size=128"]);
  });

  it("the command runs a 600-rank world in a node with a 32 MB semi-space, and a 2-rank one as it was started", () => {
    const prog = join(ROOT, "test/fixtures/cli/young-gen.ts");
    const big = mpisim(["run", "-n", "600", prog]);
    expect(big.code, big.stderr).toBe(0);
    expect(big.stdout).toContain("size 600 flag --max-semi-space-size=32 restarted --max-semi-space-size=32");
    const small = mpisim(["run", "-np", "2", prog]);
    expect(small.code, small.stderr).toBe(0);
    expect(small.stdout).toContain("size 2 flag none restarted no");
  });

  it("the restarted command's exit status is the command's", () => {
    const r = mpisim(["run", "-n", "600", join(ROOT, "test/fixtures/cli/young-gen.ts"), "--", "fail"]);
    expect(r.stdout).toContain("size 600 flag --max-semi-space-size=32");
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/asked to fail/);
  });
});
