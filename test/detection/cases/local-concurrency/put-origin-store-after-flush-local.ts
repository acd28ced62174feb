// expect: clean
// The origin buffer is reused after Flush_local (MPI 4.1 §12.5.4).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const src = new Int32Array([1, 2]);
  if (rank === 0) {
    await win.Lock(1);
    win.Put([src, MPI.INT], 1);
    await win.Flush_local(1);
    src[0] = 5;
    win.Put([src, MPI.INT], 1, 8);
    await win.Unlock(1);
  }
  await comm.Barrier();
  await win.Free();
}
