// expect: mpi-error
// Lock_all while rank 1 exposes its window in a Post...Wait epoch (MPI 4.1 §12.5.3).
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
  const g1 = world.Incl([1]);
  world.Free();
  if (rank === 1) {
    await win.Post(g0);
    await comm.Barrier();
    await win.Wait();
  } else {
    await comm.Barrier();
    await win.Lock_all();
    await win.Unlock_all();
    await win.Start(g1);
    await win.Complete();
  }
  g0.Free();
  g1.Free();
  await win.Free();
}
