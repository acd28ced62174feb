// expect: deadlock
// A rank Sends to itself before posting the receive: completes only if buffered (MPI 4.1 §3.5).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 1;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const out = new Int32Array(4).fill(rank);
  const inb = new Int32Array(4);
  await comm.Send([out, MPI.INT], rank, 0);
  await comm.Recv([inb, MPI.INT], rank, 0);
}
