// expect: message-race
// A master hands task numbers out in request arrival order; each worker prints its task: the output depends on the matching.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const size = comm.Get_size();
  const b = new Int32Array(1);
  if (rank === 0) {
    const st = new MPI.Status();
    for (let task = 0; task < size - 1; task++) {
      await comm.Recv([b, MPI.INT], MPI.ANY_SOURCE, 1, st);
      b[0] = task;
      await comm.Send([b, MPI.INT], st.Get_source(), 2);
    }
  } else {
    await comm.Send([b, MPI.INT], 0, 1);
    await comm.Recv([b, MPI.INT], 0, 2);
    console.log(`rank ${rank} got task ${b[0]}`);
  }
}
