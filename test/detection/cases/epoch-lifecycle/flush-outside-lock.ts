// expect: mpi-error
// Flush outside a passive-target epoch (MPI 4.1 §12.5.4).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const one = new Int32Array([rank + 1]);
  if (rank === 0) {
    await win.Fence();
    win.Put([one, MPI.INT], 1);
    await win.Flush(1);
    await win.Fence();
  } else {
    await win.Fence();
    await win.Fence();
  }
  await win.Free();
}
