// expect: clean
// Rank 0 sends from its own window in one fence epoch; rank 1 Puts into those bytes in the next.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(8);
  const win = await MPI.Win.Create(mem, { comm });
  await win.Fence();
  if (rank === 0) win.Put([mem.subarray(0, 2), MPI.INT], 1, 16);
  await win.Fence();
  if (rank === 1) win.Put([new Int32Array([7, 7]), MPI.INT], 0, 0);
  await win.Fence();
  await win.Free();
}
