// expect: clean
// Two complete PSCW rounds in sequence.
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
  for (let k = 0; k < 2; k++) {
    if (rank === 0) {
      await win.Start(peer);
      win.Put([one, MPI.INT], 1, k);
      await win.Complete();
    } else {
      await win.Post(peer);
      await win.Wait();
    }
  }
  peer.Free();
  await win.Free();
}
