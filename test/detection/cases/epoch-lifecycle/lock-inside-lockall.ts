// expect: mpi-error
// Lock while Lock_all is held (MPI 4.1 §12.5.3).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const one = new Int32Array([rank + 1]);
  if (rank === 0) {
    await win.Lock_all();
    await win.Lock(1);
    await win.Unlock(1);
    await win.Unlock_all();
  }
  await comm.Barrier();
  await win.Free();
}
