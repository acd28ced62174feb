// expect: clean
// The Put is flushed before the Recv reuses its origin buffer.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const src = new Int32Array([3, 4]);
  if (rank === 0) {
    await win.Lock(1);
    win.Put([src, MPI.INT], 1);
    await win.Flush(1);
    await comm.Recv([src, MPI.INT], 1, 2);
    await win.Unlock(1);
  } else await comm.Send([new Int32Array([8, 9]), MPI.INT], 0, 2);
  await comm.Barrier();
  await win.Free();
}
