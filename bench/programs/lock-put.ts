// Bench workload: passive-target RMA in a loop. Each rank locks its right neighbour's window,
// Puts one int into its own slot there, flushes and unlocks: four MPI calls per iteration, three
// of them scheduling points, plus one RMA apply event.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;
export const params = { iters: 100 };

// core/rma is landing concurrently: this structural view of the calls used here type-checks
// before and after it does (replace with MPI.Win's own types once it is in).
interface WinLike {
  Lock(rank: number, lockType: number): Promise<unknown>;
  Put(origin: unknown, rank: number, disp: number): unknown;
  Flush(rank: number): Promise<unknown>;
  Unlock(rank: number): Promise<unknown>;
  Free(): Promise<unknown>;
}
interface RmaNamespace {
  Win: { Create(mem: Int32Array, opts: { comm: unknown }): Promise<WinLike> };
  LOCK_SHARED: number;
}

export default async function main(MPI: MPINamespace) {
  const rma = MPI as unknown as RmaNamespace;
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const target = (rank + 1) % size;
  const mem = new Int32Array(size);
  const win = await rma.Win.Create(mem, { comm });
  const val = new Int32Array(1);
  const iters = params.iters;
  for (let it = 0; it < iters; it++) {
    val[0] = it;
    await win.Lock(target, rma.LOCK_SHARED);
    win.Put([val, MPI.INT], target, rank * Int32Array.BYTES_PER_ELEMENT);
    await win.Flush(target);
    await win.Unlock(target);
  }
  await comm.Barrier();
  await win.Free();
}
