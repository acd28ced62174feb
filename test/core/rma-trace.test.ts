import { describe, expect, it, beforeAll } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { load } from "../../index.ts";
import { runProgram, type RunResult } from "../../scheduler/run.ts";
import type { Program } from "../../core/program.ts";
import { recordsOf, type RecordKind } from "../../core/trace.ts";

// Loaded through mpisim (instrumented), so loads and stores of watched memory reach the trace.
const SOURCE = `
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { disp_unit: 4, comm });
  const src = new Int32Array([7, 8]);
  const res = new Int32Array(2);
  await win.Fence();
  if (rank === 0) {
    win.Put(src, 1, [1, 2, MPI.INT]);
    src[0] = 9;
    win.Get(res, 1, 2);
    win.Accumulate(new Int32Array([1]), 1, [0, 1, MPI.INT], MPI.SUM);
  }
  await win.Fence();
  src[1] = 1;
  mem[0] = 5;
  await win.Free();
  mem[1] = 6;
}
`;

let program: Program;
let r: RunResult;
let file: string;
const of = <K extends RecordKind>(t: K) => recordsOf(r.trace, t);

beforeAll(async () => {
  const dir = mkdtempSync(join(tmpdir(), "mpisim-rma-trace-"));
  file = join(dir, "rma-trace-program.ts");
  writeFileSync(file, SOURCE);
  program = await load(file);
  r = await runProgram(program, { seed: 2 });
});

describe("RMA trace records", () => {
  it("win-create: one per member, with the exposed buffer, its offset, size and disp_unit; win-free likewise", () => {
    expect(r.diagnostics).toEqual([]);
    const creates = of("win-create");
    expect(creates.map((c) => ({ rank: c.rank, win: c.win, comm: c.comm, base: c.base, size: c.size, dispUnit: c.dispUnit }))).toEqual([
      { rank: 0, win: "w#0", comm: "w", base: 0, size: 16, dispUnit: 4 },
      { rank: 1, win: "w#0", comm: "w", base: 0, size: 16, dispUnit: 4 },
    ]);
    expect(creates[0].buf).toMatch(/^r0b\d+$/);
    expect(creates[1].buf).toMatch(/^r1b\d+$/);
    expect(of("win-free").map((f) => [f.rank, f.win])).toEqual([[0, "w#0"], [1, "w#0"]]);
    expect(of("sync").map((s) => [s.kind, s.comm])).toEqual([["Win.Create", "w"], ["Win.Fence", "w#0"], ["Win.Fence", "w#0"], ["Win.Free", "w#0"]]);
  });

  it("rma-issue: id origin:opSeq, target bytes as absolute ranges, origin/result buffers, accOp, basic type, call site", () => {
    const tbuf = of("win-create")[1].buf;
    const issues = of("rma-issue");
    const put = issues[0];
    expect(put).toMatchObject({ rank: 0, id: "0:0", op: "Put", win: "w#0", target: 1, tbuf, trange: [4, 12], orange: [0, 8], rbuf: null, rrange: null, accOp: null, basic: "MPI_INT" });
    expect(put.obuf).toMatch(/^r0b\d+$/);
    expect(put.loc).toMatchObject({ file, line: 13 });
    expect(issues[1]).toMatchObject({ id: "0:1", op: "Get", target: 1, tbuf, trange: [8, 16], obuf: null, orange: null, rrange: [0, 8], accOp: null });
    expect(issues[1].rbuf).toMatch(/^r0b\d+$/);
    expect(issues[2]).toMatchObject({ id: "0:2", op: "Accumulate", target: 1, tbuf, trange: [0, 4], accOp: "MPI_SUM", basic: "MPI_INT" });
    for (const i of issues) JSON.parse(JSON.stringify(i));
  });

  it("rma-apply at the target, then rma-complete local and remote at the closing fence", () => {
    const t = r.trace;
    for (const id of ["0:0", "0:1", "0:2"]) {
      const issue = t.findIndex((x) => x.t === "rma-issue" && x.id === id);
      const apply = t.findIndex((x) => x.t === "rma-apply" && x.id === id);
      const local = t.findIndex((x) => x.t === "rma-complete" && x.id === id && x.what === "local");
      const remote = t.findIndex((x) => x.t === "rma-complete" && x.id === id && x.what === "remote");
      expect(t[apply]).toMatchObject({ rank: 1, win: "w#0", target: 1 });
      expect(t[remote]).toMatchObject({ rank: 0, win: "w#0", target: 1 });
      expect(issue).toBeLessThan(apply);
      expect(apply).toBeLessThan(local);
      expect(local).toBeLessThan(remote);
      const fence = t.findIndex((x, i) => i > issue && x.t === "epoch" && x.rank === 0 && x.kind === "fence");
      expect(remote).toBeLessThan(fence);
    }
  });

  it("watches origin buffers until local completion and window memory until Free", () => {
    const [put] = of("rma-issue");
    const stores = of("store");
    const [w0, w1] = of("win-create");
    // src[0] = 9 before the fence is seen; src[1] = 1 after it is not.
    expect(stores.filter((s) => s.buf === put.obuf).map((s) => [s.rank, s.off, s.len])).toEqual([[0, 0, 4]]);
    // mem[0] = 5 on each rank while the window lives; mem[1] = 6 after Free is not seen.
    expect(stores.filter((s) => s.buf === w0.buf || s.buf === w1.buf).map((s) => [s.rank, s.off, s.len])).toEqual([[0, 0, 4], [1, 0, 4]]);
  });

  it("epoch records carry the window, kind and assertion when the call returns", () => {
    expect(of("epoch").map((e) => [e.rank, e.win, e.kind, e.assert])).toEqual(
      expect.arrayContaining([[0, "w#0", "fence", 0], [1, "w#0", "fence", 0]]),
    );
    expect(of("epoch")).toHaveLength(4);
  });
});
