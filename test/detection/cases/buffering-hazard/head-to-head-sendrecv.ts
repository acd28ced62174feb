// expect: clean
// The exchange with Sendrecv: safe (MPI 4.1 §3.10).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const out = new Int32Array(4).fill(rank);
  const inb = new Int32Array(4);
  const peer = 1 - rank;
  await comm.Sendrecv([out, MPI.INT], peer, 0, [inb, MPI.INT], peer, 0);
}
