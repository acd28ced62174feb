// expect: rma-race
// The result buffer of a Get is sent (another MPI call reads it) before the epoch completes the Get (MPI 4.1 §12.3).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const dst = new Int32Array(2);
  if (rank === 0) {
    await win.Lock(1, MPI.LOCK_SHARED);
    win.Get([dst, MPI.INT], 1);
    await comm.Send([dst, MPI.INT], 1, 9);
    await win.Unlock(1);
  } else await comm.Recv([dst, MPI.INT], 0, 9);
  await comm.Barrier();
  await win.Free();
}
