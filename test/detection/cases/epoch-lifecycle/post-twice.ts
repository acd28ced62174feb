// expect: mpi-error
// A second Post while the first exposure epoch is open (MPI 4.1 §12.5.2).
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
  if (rank === 1) {
    await win.Post(peer);
    await win.Post(peer);
    await win.Wait();
  } else {
    await win.Start(peer);
    await win.Complete();
  }
  peer.Free();
  await win.Free();
}
