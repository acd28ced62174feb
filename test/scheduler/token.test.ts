import { describe, expect, it } from "vitest";
import { UsageError } from "../../core/errors.ts";
import { runProgram } from "../../scheduler/run.ts";
import { decodeToken, encodeToken, pathOfToken, readTokenArg } from "../../scheduler/token.ts";
import { prog } from "../helpers/program.ts";

const p = prog(async (MPI) => {
  const comm = MPI.COMM_WORLD;
  if (comm.Get_rank() === 0) {
    const b = new Int32Array(1);
    await comm.Recv(b, MPI.ANY_SOURCE, 0);
    await comm.Recv(b, MPI.ANY_SOURCE, 0);
  } else await comm.Send(new Int32Array([1]), 0, 0);
}, 3, "tok");

describe("schedule tokens", () => {
  it("are short and printable, carry version, program hash, ranks and options, and round-trip", async () => {
    const r = await runProgram(p, { seed: 5, buffering: "rendezvous" });
    expect(r.schedule).toMatch(/^ms1\.[0-9a-f]{12}\.3\.r\.[A-Za-z0-9_-]+$/);
    const s = decodeToken(r.schedule);
    expect(s).toMatchObject({ ranks: 3, buffering: "rendezvous", hash: p.hash.slice(0, 12) });
    expect(encodeToken(s)).toBe(r.schedule);
    expect((await runProgram(p, { schedule: r.schedule })).traceHash).toBe(r.traceHash);
  });

  it("refuses a foreign program's token, another rank count, and garbage, each with one line", async () => {
    const other = prog(async () => {}, 3, "other");
    const r = await runProgram(p, { seed: 1 });
    expect(() => pathOfToken(r.schedule, other)).toThrow(/different program/);
    expect(() => pathOfToken(r.schedule, p, 4)).toThrow(/for 3 ranks/);
    expect(pathOfToken(r.schedule, p, 3)).toEqual(decodeToken(r.schedule));
    await expect(runProgram(other, { schedule: r.schedule })).rejects.toBeInstanceOf(UsageError);
    await expect(runProgram(p, { schedule: r.schedule, ranks: 4 })).rejects.toThrow(/for 3 ranks/);
    for (const bad of ["", "ms1.x", "ms2.abc.3.e.-", "ms1.abc.0.e.-", "ms1.abc.3.q.-", "ms1.abc.3.e.!!", "ms1.abc.3.e.gA"]) {
      expect(() => decodeToken(bad), bad).toThrow(UsageError);
      try {
        decodeToken(bad);
      } catch (e) {
        expect((e as Error).message.includes("\n")).toBe(false);
      }
    }
  });

  it("@path reads the token from a file", () => {
    const files: Record<string, string> = { "t.txt": "  ms1.abc.2.e.-\n" };
    const read = (f: string) => {
      if (!(f in files)) throw new Error("ENOENT");
      return files[f];
    };
    expect(readTokenArg("@t.txt", read)).toBe("ms1.abc.2.e.-");
    expect(readTokenArg(" ms1.abc.2.e.- ", read)).toBe("ms1.abc.2.e.-");
    expect(() => readTokenArg("@missing.txt", read)).toThrow(/cannot read/);
  });
});
