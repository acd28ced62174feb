// expect: buffer-race
// A non-blocking collective owns its buffer until it completes (MPI 4.1 §6.12).
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 3;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const b = new Int32Array([c.Get_rank() === 0 ? 5 : 0]);
  const q = c.Ibcast(b, 0);
  if (c.Get_rank() === 0) b[0] = 6;
  await q.Wait();
}
