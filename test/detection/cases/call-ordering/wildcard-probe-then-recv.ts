// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) await c.Send(new Int32Array([1, 2, 3]), 1, 4);
  else {
    const st = new MPI.Status();
    await c.Probe(0, 4, st);
    const b = new Int32Array(st.Get_count(MPI.INT));
    await c.Recv(b, 0, 4);
    console.log(b.length);
  }
}
