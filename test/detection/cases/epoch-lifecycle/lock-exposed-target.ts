// expect: mpi-error
// Lock of a target whose Post...Wait exposure epoch is open: a window locked and exposed at once (MPI 4.1 §12.5.3).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 3;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const one = new Int32Array([rank + 1]);
  const world = comm.Get_group();
  const g2 = world.Incl([2]);
  const g1 = world.Incl([1]);
  world.Free();
  if (rank === 1) {
    await win.Post(g2);
    await comm.Barrier();
    await win.Wait();
  } else if (rank === 0) {
    await comm.Barrier();
    await win.Lock(1);
    await win.Unlock(1);
  } else {
    await comm.Barrier();
    await win.Start(g1);
    await win.Complete();
  }
  g1.Free();
  g2.Free();
  await win.Free();
}
