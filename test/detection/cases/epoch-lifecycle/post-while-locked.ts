// expect: mpi-error
// Rank 1 Posts while rank 0 holds a lock on rank 1's window: locked and exposed at once (MPI 4.1 §12.5.3).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const one = new Int32Array([rank + 1]);
  const world = comm.Get_group();
  const g0 = world.Incl([0]);
  world.Free();
  if (rank === 0) {
    await win.Lock(1);
    await comm.Barrier();
    await comm.Barrier();
    await win.Unlock(1);
  } else {
    await comm.Barrier();
    await win.Post(g0);
    await comm.Barrier();
    await win.Wait();
  }
  g0.Free();
  await win.Free();
}
