// expect: clean
// The counter is incremented with one atomic Fetch_and_op.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 3;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(8);
  const win = await MPI.Win.Create(mem, { comm });
  const one = new Int32Array([1]);
  const old = new Int32Array(1);
  if (rank > 0) {
    await win.Lock(0, MPI.LOCK_SHARED);
    win.Fetch_and_op([one, MPI.INT], [old, MPI.INT], 0, 0, MPI.SUM);
    await win.Unlock(0);
  }
  await comm.Barrier();
  await win.Free();
}
