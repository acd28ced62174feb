// expect: clean
// Rank 1 stores into its window only after rank 0's epoch ended and a barrier.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(8);
  const win = await MPI.Win.Create(mem, { comm });
  if (rank === 0) {
    await win.Lock(1, MPI.LOCK_SHARED);
    win.Put([new Int32Array([5]), MPI.INT], 1, 0);
    await win.Unlock(1);
  }
  await comm.Barrier();
  if (rank === 1) mem[0] += 3;
  await win.Free();
}
