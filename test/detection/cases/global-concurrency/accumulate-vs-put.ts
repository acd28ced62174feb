// expect: rma-race
// An Accumulate and a Put on the same bytes from different ranks are not atomic together (MPI 4.1 §12.7.1).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 3;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(8);
  const win = await MPI.Win.Create(mem, { comm });
  await win.Lock_all();
  if (rank === 1) win.Accumulate([new Int32Array([1]), MPI.INT], 0, 0, MPI.SUM);
  if (rank === 2) win.Put([new Int32Array([5]), MPI.INT], 0, 0);
  await win.Unlock_all();
  await comm.Barrier();
  await win.Free();
}
