// expect: clean
// Isend, Recv, Wait: safe.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const out = new Int32Array(4).fill(rank);
  const inb = new Int32Array(4);
  const peer = 1 - rank;
  const r = comm.Isend([out, MPI.INT], peer, 0);
  await comm.Recv([inb, MPI.INT], peer, 0);
  await r.Wait();
}
