// expect: clean
// Rank 1 Posts only after rank 0 released its lock (a barrier orders them); rank 0 then Starts.
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
  if (rank === 0) {
    await win.Lock(1);
    win.Put([one, MPI.INT], 1);
    await win.Unlock(1);
    await comm.Barrier();
    await win.Start(g1);
    win.Put([one, MPI.INT], 1, 4);
    await win.Complete();
  } else {
    await comm.Barrier();
    await win.Post(g0);
    await win.Wait();
  }
  g0.Free();
  g1.Free();
  await win.Free();
}
