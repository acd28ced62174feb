// expect: lost-update
// Each rank reads a counter with Get and writes it back with Put in two epochs: another rank's write can fall in between.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 3;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(8);
  const win = await MPI.Win.Create(mem, { comm });
  const v = new Int32Array(1);
  if (rank > 0) {
    await win.Lock(0, MPI.LOCK_EXCLUSIVE);
    win.Get([v, MPI.INT], 0, 0);
    await win.Unlock(0);
    v[0] += 1;
    await win.Lock(0, MPI.LOCK_EXCLUSIVE);
    win.Put([v, MPI.INT], 0, 0);
    await win.Unlock(0);
  }
  await comm.Barrier();
  await win.Free();
}
