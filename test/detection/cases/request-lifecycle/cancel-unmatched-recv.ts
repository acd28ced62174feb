// expect: clean
// MPI 4.1 §3.8.4: a cancelled receive completes; waiting for it is how it is given back.
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  if (c.Get_rank() === 1) {
    const q = c.Irecv(new Int32Array(1), 0, 9);
    q.Cancel();
    const st = new MPI.Status();
    await q.Wait(st);
    console.log(st.Is_cancelled());
  }
}
