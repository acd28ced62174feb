// Bench workload: passive-target RMA in a loop. Each rank locks its right neighbour's window,
// Puts one int into its own slot there, flushes and unlocks: four MPI calls per iteration, three
// of them scheduling points, plus one RMA apply event.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;
export const params = { iters: 100 };

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const target = (rank + 1) % size;
  const mem = new Int32Array(size);
  const win = await MPI.Win.Create(mem, { comm });
  const val = new Int32Array(1);
  const iters = params.iters;
  for (let it = 0; it < iters; it++) {
    val[0] = it;
    await win.Lock(target, MPI.LOCK_SHARED);
    win.Put([val, MPI.INT], target, rank * Int32Array.BYTES_PER_ELEMENT);
    await win.Flush(target);
    await win.Unlock(target);
  }
  await comm.Barrier();
  await win.Free();
}
