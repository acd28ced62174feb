// expect: clean
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 0) await c.Send(new Int32Array([9]), 1, 17);
  else {
    const st = new MPI.Status();
    await c.Recv(new Int32Array(1), MPI.ANY_SOURCE, MPI.ANY_TAG, st);
    console.log(st.Get_tag());
  }
}
