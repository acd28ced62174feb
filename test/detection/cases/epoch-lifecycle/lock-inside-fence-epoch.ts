// expect: mpi-error
// MPI 4.1 §12.5: a Lock epoch opened inside a fence epoch that RMA calls use (the closing Fence sees it).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const one = new Int32Array([rank + 1]);
  await win.Fence();
  if (rank === 0) {
    await win.Lock(1);
    win.Put([one, MPI.INT], 1);
    await win.Unlock(1);
  }
  await win.Fence();
  await win.Free();
}
