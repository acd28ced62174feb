// expect: clean
// Rank 1 posts the tag-1 receive first (nonblocking), then receives tag 2, then waits: safe.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 2;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const out = new Int32Array(4).fill(rank);
  const inb = new Int32Array(4);
  if (rank === 0) {
    await comm.Send([out, MPI.INT], 1, 1);
    await comm.Send([out, MPI.INT], 1, 2);
  } else {
    const r = comm.Irecv([inb, MPI.INT], 0, 1);
    const b2 = new Int32Array(4);
    await comm.Recv([b2, MPI.INT], 0, 2);
    await r.Wait();
  }
}
