// expect: clean
// PSCW after a fence epoch closed by Fence(MODE_NOSUCCEED): legal.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const one = new Int32Array([rank + 1]);
  const world = comm.Get_group();
  const peer = world.Incl([1 - rank]);
  world.Free();
  await win.Fence();
  if (rank === 0) win.Put([one, MPI.INT], 1);
  await win.Fence(MPI.MODE_NOSUCCEED);
  if (rank === 0) {
    await win.Start(peer);
    win.Put([one, MPI.INT], 1, 1);
    await win.Complete();
  } else {
    await win.Post(peer);
    await win.Wait();
  }
  peer.Free();
  await win.Free();
}
