// expect: clean
// Every rank Isends to every other, receives from each, then Waitall.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 3;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const out = new Int32Array(4).fill(rank);
  const inb = new Int32Array(4);
  const rs = [];
  for (let r = 0; r < size; r++) if (r !== rank) rs.push(comm.Isend([out, MPI.INT], r, 0));
  for (let r = 0; r < size; r++) if (r !== rank) await comm.Recv([inb, MPI.INT], r, 0);
  await MPI.Request.Waitall(rs);
}
