// expect: mpi-error
// MPI 4.1 §7.3.3: after Group.Free the handle is MPI_GROUP_NULL; Win.Start cannot use it.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const win = await MPI.Win.Allocate(8, { disp_unit: 4, comm: MPI.COMM_WORLD });
  const all = MPI.COMM_WORLD.Get_group();
  const peer = all.Incl([1 - MPI.COMM_WORLD.Get_rank()]);
  all.Free();
  if (MPI.COMM_WORLD.Get_rank() === 0) {
    peer.Free();
    await win.Start(peer);
    await win.Complete();
  } else {
    await win.Post(peer);
    await win.Wait();
    peer.Free();
  }
  await win.Free();
}
