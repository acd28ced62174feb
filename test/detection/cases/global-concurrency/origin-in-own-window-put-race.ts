// expect: rma-race
// Rank 0's Put takes its origin data from its own window memory while rank 1 Puts into those bytes: the origin read is an access to the window (MPI 4.1 §12.7).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(8);
  const win = await MPI.Win.Create(mem, { comm });
  await win.Lock_all();
  if (rank === 0) win.Put([mem.subarray(0, 2), MPI.INT], 1, 16);
  else win.Put([new Int32Array([7, 7]), MPI.INT], 0, 0);
  await win.Unlock_all();
  await comm.Barrier();
  await win.Free();
}
