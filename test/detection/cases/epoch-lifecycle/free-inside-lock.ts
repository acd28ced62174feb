// expect: mpi-error, resource-leak
// Win.Free while the rank still holds a Lock (MPI 4.1 §12.2.5).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const one = new Int32Array([rank + 1]);
  if (rank === 0) await win.Lock(1);
  await comm.Barrier();
  await win.Free();
}
