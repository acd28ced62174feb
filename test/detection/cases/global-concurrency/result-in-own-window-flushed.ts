// expect: clean
// Rank 0 Gets into its own window and completes it before a barrier; rank 1 reads those bytes after the barrier.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(8);
  const win = await MPI.Win.Create(mem, { comm });
  const got = new Int32Array(2);
  await win.Lock_all();
  if (rank === 0) {
    win.Get([mem.subarray(4, 6), MPI.INT], 1, 0);
    await win.Flush(1);
  }
  await comm.Barrier();
  if (rank === 1) {
    win.Get([got, MPI.INT], 0, 16);
    await win.Flush(0);
  }
  await win.Unlock_all();
  await comm.Barrier();
  await win.Free();
}
