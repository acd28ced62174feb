/**
 * Generated programs with MPI-IO and passive-target locks, for comparing DPOR with brute force
 * (test/scheduler/dpor.test.ts): file writes and reads at small offsets of one shared file
 * (non-atomic: writes become visible at a scheduler-chosen step; or atomic), and lock epochs with
 * shared, exclusive and Lock_all locks around a Put or a Get.
 */
import fc from "fast-check";
import type { Program } from "../../core/program.ts";
import { dataProgram } from "./gen.ts";

export type IoLockOp =
  | { op: "write"; slot: number }
  | { op: "read"; slot: number }
  | { op: "lock"; target: number; kind: "shared" | "exclusive" | "all"; put: boolean };

export interface IoLockSpec {
  ranks: number;
  files: boolean;
  atomic: boolean;
  ops: IoLockOp[][];
}

/** Each rank runs its ops, then prints what it read (equivalent executions must print alike). */
export function ioLockProgram(spec: IoLockSpec): Program {
  const main = async (MPI: any) => {
    const comm = MPI.COMM_WORLD;
    const rank: number = comm.Get_rank();
    const seen: string[] = [];
    const mem = new Int32Array(2);
    const fh = spec.files ? await MPI.File.Open(comm, "f.bin", MPI.MODE_CREATE | MPI.MODE_RDWR) : null;
    if (fh && spec.atomic) await fh.Set_atomicity(true);
    const win = spec.files ? null : await MPI.Win.Create(mem, { comm });
    for (const o of spec.ops[rank] ?? []) {
      if (o.op === "write") await fh.Write_at(o.slot * 4, new Int32Array([rank + 1]));
      else if (o.op === "read") {
        const b = new Int32Array(1);
        await fh.Read_at(o.slot * 4, b);
        seen.push(`f${o.slot}=${b[0]}`);
      } else if (win) {
        if (o.kind === "all") await win.Lock_all();
        else await win.Lock(o.target, o.kind === "shared" ? MPI.LOCK_SHARED : MPI.LOCK_EXCLUSIVE);
        if (o.put) win.Put([new Int32Array([rank + 1]), MPI.INT], o.target, 0);
        else {
          const b = new Int32Array(1);
          win.Get([b, MPI.INT], o.target, 0);
          await win.Flush(o.target);
          seen.push(`g${b[0]}`);
        }
        if (o.kind === "all") await win.Unlock_all();
        else await win.Unlock(o.target);
      }
    }
    if (fh) await fh.Close();
    if (win) {
      await comm.Barrier();
      seen.push(`m${mem[0]}`);
      await win.Free();
    }
    console.log(seen.join(" "));
  };
  return dataProgram("small-io-lock", spec, main);
}

/** 2–3 ranks, 1–3 operations in all: file accesses on two slots, or lock epochs. */
export function ioLockSpecs(opts: { files: boolean; maxOps?: number }): fc.Arbitrary<IoLockSpec> {
  return fc.integer({ min: 2, max: 3 }).chain((ranks) => {
    const rank = fc.integer({ min: 0, max: ranks - 1 });
    const fileOp: fc.Arbitrary<IoLockOp> = fc.record({ op: fc.constantFrom("write" as const, "read" as const), slot: fc.integer({ min: 0, max: 1 }) });
    const lockOp: fc.Arbitrary<IoLockOp> = fc.record({
      op: fc.constant("lock" as const),
      target: rank,
      kind: fc.constantFrom("shared" as const, "shared" as const, "exclusive" as const, "all" as const),
      put: fc.boolean(),
    });
    return fc
      .record({
        placed: fc.array(fc.record({ who: rank, o: opts.files ? fileOp : lockOp }), { minLength: 1, maxLength: opts.maxOps ?? 3 }),
        atomic: opts.files ? fc.boolean() : fc.constant(false),
      })
      .map(({ placed, atomic }) => {
        const ops: IoLockOp[][] = Array.from({ length: ranks }, () => []);
        for (const p of placed) ops[p.who].push(p.o);
        return { ranks, files: opts.files, atomic, ops };
      });
  });
}
