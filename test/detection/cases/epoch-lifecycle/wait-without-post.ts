// expect: mpi-error
// Win.Wait with no Post (MPI 4.1 §12.5.2).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const one = new Int32Array([rank + 1]);
  if (rank === 1) await win.Wait();
  await comm.Barrier();
  await win.Free();
}
