// expect: mpi-error
// A Start access epoch opened while the fence access epoch holds a Put (MPI 4.1 §12.5).
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
  if (rank === 0) {
    win.Put([one, MPI.INT], 1);
    await win.Start(peer);
    await win.Complete();
  } else {
    await win.Post(peer);
    await win.Wait();
  }
  await win.Fence();
  peer.Free();
  await win.Free();
}
