// expect: clean
// A receive buffer longer than the message is fine (MPI 4.1 §3.2.4).
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) await c.Send(new Int32Array(2), 1, 0);
  else {
    const st = new MPI.Status();
    await c.Recv(new Int32Array(8), 0, 0, st);
    console.log(st.Get_count(MPI.INT));
  }
}
