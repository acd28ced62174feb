// expect: clean
// The fence epoch is closed with MODE_NOSUCCEED before the passive-target epoch: legal.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const one = new Int32Array([rank + 1]);
  await win.Fence(MPI.MODE_NOPRECEDE);
  if (rank === 0) win.Put([one, MPI.INT], 1);
  await win.Fence(MPI.MODE_NOSUCCEED);
  if (rank === 0) {
    await win.Lock(1);
    win.Put([one, MPI.INT], 1, 1);
    await win.Unlock(1);
  }
  await comm.Barrier();
  await win.Free();
}
