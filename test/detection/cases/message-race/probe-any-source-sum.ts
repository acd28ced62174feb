// expect: clean
// Probe(ANY_SOURCE), then Recv from the probed source, summing: immaterial order.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const b = new Int32Array(1);
  if (rank === 0) {
    const st = new MPI.Status();
    let sum = 0;
    for (let i = 1; i < size; i++) {
      await comm.Probe(MPI.ANY_SOURCE, 3, st);
      await comm.Recv([b, MPI.INT], st.Get_source(), 3);
      sum += b[0];
    }
    console.log(sum);
  } else {
    b[0] = rank;
    await comm.Send([b, MPI.INT], 0, 3);
  }
}
