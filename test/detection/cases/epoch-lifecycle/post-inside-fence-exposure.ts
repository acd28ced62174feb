// expect: mpi-error
// Rank 1 is the target of a Put in the open fence epoch, then Posts an exposure epoch (MPI 4.1 §12.5).
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
  await comm.Barrier();
  if (rank === 1) {
    await win.Post(peer);
    await win.Wait();
  } else {
    await win.Start(peer);
    await win.Complete();
  }
  await win.Fence();
  peer.Free();
  await win.Free();
}
