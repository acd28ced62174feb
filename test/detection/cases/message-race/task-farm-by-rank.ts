// expect: clean
// A master answers requests in any order, but each answer depends only on the requester's rank.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const b = new Int32Array(1);
  if (rank === 0) {
    const st = new MPI.Status();
    for (let k = 1; k < size; k++) {
      await comm.Recv([b, MPI.INT], MPI.ANY_SOURCE, 1, st);
      b[0] = st.Get_source() * 100;
      await comm.Send([b, MPI.INT], st.Get_source(), 2);
    }
  } else {
    await comm.Send([b, MPI.INT], 0, 1);
    await comm.Recv([b, MPI.INT], 0, 2);
    console.log(`rank ${rank} got ${b[0]}`);
  }
}
