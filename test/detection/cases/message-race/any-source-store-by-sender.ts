// expect: clean
// Rank 0 stores each value at its sender's index (Status.Get_source): the order is immaterial.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const b = new Int32Array(1);
  if (rank === 0) {
    const vals = new Array<number>(size).fill(0);
    const st = new MPI.Status();
    for (let i = 1; i < size; i++) {
      await comm.Recv([b, MPI.INT], MPI.ANY_SOURCE, 5, st);
      vals[st.Get_source()] = b[0];
    }
    console.log(vals.join(" "));
  } else {
    b[0] = rank * rank;
    await comm.Send([b, MPI.INT], 0, 5);
  }
}
