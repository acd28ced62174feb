// expect: clean
// A rank posts Irecv to itself, then Sends: safe.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 1;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const out = new Int32Array(4).fill(rank);
  const inb = new Int32Array(4);
  const r = comm.Irecv([inb, MPI.INT], rank, 0);
  await comm.Send([out, MPI.INT], rank, 0);
  await r.Wait();
}
