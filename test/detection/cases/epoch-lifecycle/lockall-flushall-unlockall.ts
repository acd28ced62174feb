// expect: clean
// A passive-target epoch over all ranks, flushed, closed before Free.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const one = new Int32Array([rank + 1]);
  await win.Lock_all();
  win.Accumulate([one, MPI.INT], 1 - rank, 0, MPI.SUM);
  await win.Flush_all();
  await win.Unlock_all();
  await comm.Barrier();
  await win.Free();
}
