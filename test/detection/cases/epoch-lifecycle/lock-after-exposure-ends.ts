// expect: clean
// The exposure epoch has ended (Wait returned) before another rank locks the target.
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
    await win.Wait();
    await comm.Barrier();
  } else if (rank === 0) {
    await comm.Barrier();
    await win.Lock(1);
    win.Put([one, MPI.INT], 1);
    await win.Unlock(1);
  } else {
    await win.Start(g1);
    win.Put([one, MPI.INT], 1, 1);
    await win.Complete();
    await comm.Barrier();
  }
  g1.Free();
  g2.Free();
  await win.Free();
}
