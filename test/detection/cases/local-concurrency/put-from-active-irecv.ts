// expect: buffer-race
// A Put takes its origin data from the buffer of an Irecv still active (MPI 4.1 §3.7.2).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const mem = new Int32Array(4);
  const win = await MPI.Win.Create(mem, { comm });
  const b = new Int32Array(2);
  await win.Fence();
  if (rank === 0) {
    const r = comm.Irecv([b, MPI.INT], 1, 0);
    win.Put([b, MPI.INT], 1);
    await r.Wait();
  } else await comm.Send([new Int32Array([1, 1]), MPI.INT], 0, 0);
  await win.Fence();
  await win.Free();
}
