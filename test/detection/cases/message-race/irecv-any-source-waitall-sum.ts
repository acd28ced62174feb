// expect: clean
// Nonblocking ANY_SOURCE receives into separate slots, Waitall, then the sum.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  if (rank === 0) {
    const slots = new Int32Array(size - 1);
    const reqs = [];
    for (let i = 0; i < size - 1; i++) reqs.push(comm.Irecv([slots.subarray(i, i + 1), MPI.INT], MPI.ANY_SOURCE, 4));
    await MPI.Request.Waitall(reqs);
    let s = 0;
    for (const v of slots) s += v;
    console.log(s);
  } else await comm.Send([new Int32Array([rank]), MPI.INT], 0, 4);
}
