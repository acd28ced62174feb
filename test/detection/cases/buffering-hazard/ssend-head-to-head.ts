// expect: deadlock
// Ssend never completes before the matching receive starts: a head-to-head Ssend deadlocks in every buffering (MPI 4.1 §3.4).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const out = new Int32Array(4).fill(rank);
  const inb = new Int32Array(4);
  const peer = 1 - rank;
  await comm.Ssend([out, MPI.INT], peer, 0);
  await comm.Recv([inb, MPI.INT], peer, 0);
}
