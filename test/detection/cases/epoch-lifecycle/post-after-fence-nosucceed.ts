// expect: clean
// The fence epoch is closed with MODE_NOSUCCEED before rank 1 Posts.
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
  await win.Fence(MPI.MODE_NOSUCCEED);
  if (rank === 1) {
    await win.Post(g2);
    await win.Wait();
  } else if (rank === 2) {
    await win.Start(g1);
    win.Put([one, MPI.INT], 1, 4);
    await win.Complete();
  }
  await comm.Barrier();
  g1.Free();
  g2.Free();
  await win.Free();
}
