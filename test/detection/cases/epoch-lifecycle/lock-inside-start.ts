// expect: mpi-error
// Lock while a Start access epoch is open (MPI 4.1 §12.5).
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
  if (rank === 0) {
    await win.Start(peer);
    await win.Lock(1);
    await win.Unlock(1);
    await win.Complete();
  } else {
    await win.Post(peer);
    await win.Wait();
  }
  peer.Free();
  await win.Free();
}
