// expect: resource-leak
import type { MPI as MPINamespace } from "mpisim";
export const ranks = 2;
export default async function main(MPI: MPINamespace) {
  const c = MPI.COMM_WORLD;
  const fh = await MPI.File.Open(c, "leak.dat", MPI.MODE_CREATE | MPI.MODE_WRONLY);
  await fh.Write_at(c.Get_rank() * 4, new Int32Array([c.Get_rank()]));
}
