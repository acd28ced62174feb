// expect: rma-race
// Two ranks Put into the same bytes of rank 0 in one fence epoch (MPI 4.1 §12.7).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 3;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(8);
  const win = await MPI.Win.Create(mem, { comm });
  await win.Fence();
  if (rank > 0) win.Put([new Int32Array([rank]), MPI.INT], 0, 0);
  await win.Fence();
  await win.Free();
}
