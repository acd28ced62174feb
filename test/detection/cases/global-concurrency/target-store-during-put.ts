// expect: rma-race
// Rank 1 stores into its window while rank 0 Puts into it under a shared lock, with no synchronization between them (MPI 4.1 §12.7).
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
  } else mem[0] = 3;
  await comm.Barrier();
  await win.Free();
}
