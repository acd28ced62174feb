// expect: mpi-error
// Fence(MODE_NOPRECEDE) though the fence completes a Put (MPI 4.1 §12.5.5).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const one = new Int32Array([rank + 1]);
  await win.Fence();
  if (rank === 0) win.Put([one, MPI.INT], 1);
  await win.Fence(MPI.MODE_NOPRECEDE);
  await win.Fence();
  await win.Free();
}
