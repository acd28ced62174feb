// expect: mpi-error
// Rank 1 was the target of a Put in the open fence epoch and then Posts: two exposure epochs at once (MPI 4.1 §12.5).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 3;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const one = new Int32Array([rank + 1]);
  const world = comm.Get_group();
  const g1 = world.Incl([1]);
  const g2 = world.Incl([2]);
  world.Free();
  await win.Fence();
  if (rank === 0) win.Put([one, MPI.INT], 1);
  await comm.Barrier();
  if (rank === 1) {
    await win.Post(g2);
    await win.Wait();
  } else if (rank === 2) {
    await win.Start(g1);
    await win.Complete();
  }
  await win.Fence();
  g1.Free();
  g2.Free();
  await win.Free();
}
