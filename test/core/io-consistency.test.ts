import { describe, expect, it } from "vitest";
import { run } from "../../index.ts";
import { runProgram } from "../../scheduler/run.ts";
import { MemoryFileSystem } from "../../core/io/index.ts";
import type { MPI } from "../../core/api.ts";
import { recordsOf } from "../../core/trace.ts";
import { prog } from "../helpers/program.ts";
import { decodeToken } from "../../scheduler/token.ts";
import { EventKind } from "../../core/events.ts";

const ints = (b: Uint8Array | undefined) => Array.from(new Int32Array(b!.buffer, b!.byteOffset, b!.byteLength / 4));

/** Rank 0 writes 42 at offset 0; after `between`, rank 1 reads offset 0 and prints what it saw. */
function writerReader(between: (MPI: MPI, fh: Awaited<ReturnType<MPI["File"]["Open"]>>) => Promise<void>, atomic = false) {
  return prog(async (MPI) => {
    const comm = MPI.COMM_WORLD;
    const rank = comm.Get_rank();
    const fh = await MPI.File.Open(comm, "shared.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
    if (atomic) await fh.Set_atomicity(true);
    if (rank === 0) await fh.Write_at(0, new Int32Array([42]));
    await between(MPI, fh);
    if (rank === 1) {
      const buf = new Int32Array(1);
      await fh.Read_at(0, buf);
      console.log(buf[0]);
    }
    await fh.Close();
  }, 2);
}

async function seen(program: ReturnType<typeof prog>, seeds = 120): Promise<Set<string>> {
  const out = new Set<string>();
  for (let seed = 0; seed < seeds; seed++) {
    const r = await runProgram(program, { seed, keepTrace: false });
    expect(r.diagnostics.filter((d) => d.kind === "mpi-error" || d.kind === "deadlock")).toEqual([]);
    out.add(r.outputs[1][0]);
  }
  return out;
}

describe("MPI-IO consistency (MPI 4.1 §14.6.1): non-atomic mode", () => {
  it("a reader that does not synchronise sees old data in some schedules and new data in others", async () => {
    // A Barrier orders the calls, but without Sync on both sides the write need not be visible.
    expect(await seen(writerReader((MPI) => MPI.COMM_WORLD.Barrier()))).toEqual(new Set(["0", "42"]));
  });

  it("Sync – Barrier – Sync makes the write visible in every schedule", async () => {
    const program = writerReader(async (MPI, fh) => {
      await fh.Sync();
      await MPI.COMM_WORLD.Barrier();
      await fh.Sync();
    });
    expect(await seen(program)).toEqual(new Set(["42"]));
  });

  it("Close then Open makes it visible in every schedule", async () => {
    const program = prog(async (MPI) => {
      const comm = MPI.COMM_WORLD;
      let fh = await MPI.File.Open(comm, "shared.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
      if (comm.Get_rank() === 0) await fh.Write_at(0, new Int32Array([42]));
      await fh.Close();
      fh = await MPI.File.Open(comm, "shared.bin", MPI.MODE_RDONLY);
      const buf = new Int32Array(1);
      await fh.Read_at(0, buf);
      console.log(buf[0]);
      await fh.Close();
    }, 2);
    expect(await seen(program, 60)).toEqual(new Set(["42"]));
  });

  it("atomic mode (Set_atomicity(true)): a write is visible once its call returns", async () => {
    expect(await seen(writerReader((MPI) => MPI.COMM_WORLD.Barrier(), true))).toEqual(new Set(["42"]));
  });

  it("a process always sees its own writes, and its writes land in program order", async () => {
    const finals = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const fs = new MemoryFileSystem();
      const r = await runProgram(prog(async (MPI) => {
        const fh = await MPI.File.Open(MPI.COMM_WORLD, "own.bin", MPI.MODE_CREATE | MPI.MODE_RDWR);
        await fh.Write_at(0, new Int32Array([1, 1]));
        await fh.Write_at(4, new Int32Array([2]));
        const buf = new Int32Array(2);
        await fh.Read_at(0, buf);
        console.log(Array.from(buf).join(","), fh.Get_size());
        await fh.Close();
      }, 1), { seed, fs });
      expect(r.outputs).toEqual([["1,2 8"]]);
      finals.add(ints(fs.get("own.bin")).join(","));
    }
    expect(finals).toEqual(new Set(["1,2"]));
  });

  it("each write is one FileOp event whose identity is (writer rank, its ioSeq), fired whenever the scheduler picks it", async () => {
    const r = await runProgram(writerReader((MPI) => MPI.COMM_WORLD.Barrier()), { seed: 3 });
    const w = recordsOf(r.trace, "file-write")[0];
    const v = recordsOf(r.trace, "file-visible")[0];
    expect([w.rank, w.seq]).toEqual([0, 0]);
    expect(v).toMatchObject({ writer: 0, seq: 0, file: "shared.bin", fh: "w.f0", ranges: [[0, 4]] });
    // Some schedule picks the visibility event out of the default order: its token names it.
    let picked = false;
    for (let seed = 0; seed < 40 && !picked; seed++) {
      const s = await runProgram(writerReader((MPI) => MPI.COMM_WORLD.Barrier()), { seed });
      picked = decodeToken(s.schedule).branches.some((c) => c.kind === EventKind.FileOp && c.rank === 0 && c.seq === 0);
    }
    expect(picked).toBe(true);
  });

  it("replaying a token reproduces the trace (and what the reader saw) exactly", async () => {
    const program = writerReader((MPI) => MPI.COMM_WORLD.Barrier());
    for (let seed = 0; seed < 10; seed++) {
      const r = await runProgram(program, { seed });
      const again = await runProgram(program, { schedule: r.schedule });
      expect(again.traceHash).toBe(r.traceHash);
      expect(again.outputs).toEqual(r.outputs);
    }
  });

  it("overlapping writes of different ranks without synchronisation leave schedule-dependent bytes (scenario io-overlap)", async () => {
    const { load } = await import("../../index.ts");
    const program = await load("scenario:io-overlap");
    const lines = new Set<string>();
    for (let seed = 0; seed < 40; seed++) {
      const r = await runProgram(program, { seed, keepTrace: false });
      lines.add(r.outputs[0][0]);
    }
    expect(lines.size).toBeGreaterThan(1);
    const r = await runProgram(program, { seed: 0 });
    const writes = recordsOf(r.trace, "file-write").filter((x) => x.op === "Write_all");
    expect(writes).toHaveLength(4);
    // Neighbours' ranges overlap inside one collective call (same coll number).
    const byRank = new Map(writes.map((x) => [x.rank, x.ranges]));
    expect(byRank.get(0)![0][1]).toBeGreaterThan(byRank.get(1)![0][0]);
    expect(new Set(writes.map((x) => x.coll)).size).toBe(1);
  });

  it("writes nobody synchronised (the file was never closed) still land, deterministically, at the end of the run", async () => {
    const fs = new MemoryFileSystem();
    const r = await runProgram(prog(async (MPI) => {
      const rank = MPI.COMM_WORLD.Get_rank();
      const fh = await MPI.File.Open(MPI.COMM_WORLD, "leak.bin", MPI.MODE_CREATE | MPI.MODE_WRONLY);
      await fh.Write_at(rank * 4, new Int32Array([rank + 1]));
    }, 3), { fs, seed: 4 });
    expect(ints(fs.get("leak.bin"))).toEqual([1, 2, 3]);
    expect(r.trace.filter((x) => x.t === "file-visible")).toHaveLength(3);
  });

  it("the file-conflict checker reads these records: the unsynchronised reader is flagged, Sync-Barrier-Sync and atomic mode are clean", async () => {
    const bad = await run(writerReader((MPI) => MPI.COMM_WORLD.Barrier()), { seed: 1 });
    expect(bad.diagnostics.map((d) => d.kind)).toContain("file-conflict");
    const synced = await run(writerReader(async (MPI, fh) => {
      await fh.Sync();
      await MPI.COMM_WORLD.Barrier();
      await fh.Sync();
    }), { seed: 1 });
    expect(synced.diagnostics).toEqual([]);
    const atomic = await run(writerReader((MPI) => MPI.COMM_WORLD.Barrier(), true), { seed: 1 });
    expect(atomic.diagnostics).toEqual([]);
  });
});
