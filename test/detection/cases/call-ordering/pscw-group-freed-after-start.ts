// expect: clean
// The group may be freed as soon as Start/Post returned: the epoch keeps its own copy.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const win = await MPI.Win.Allocate(8, { disp_unit: 4, comm: MPI.COMM_WORLD });
  const all = MPI.COMM_WORLD.Get_group();
  const peer = all.Incl([1 - MPI.COMM_WORLD.Get_rank()]);
  all.Free();
  if (MPI.COMM_WORLD.Get_rank() === 0) {
    await win.Start(peer);
    peer.Free();
    win.Put([new Int32Array([5]), 1, MPI.INT], 1, 0);
    await win.Complete();
  } else {
    await win.Post(peer);
    peer.Free();
    await win.Wait();
  }
  await win.Free();
}
