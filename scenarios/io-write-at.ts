// MPI-IO with explicit offsets (the lecture's write_at/read_at): every rank writes five ints at
// its own offset of one shared file, closes it, reopens it read-only and reads its part back.
// Close then Open is what makes the other ranks' writes visible (MPI 4.1 §14.6.1).
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;

export default async function main(MPI: MPINamespace) {
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();

  const data = Int32Array.from({ length: 5 }, (_, i) => i + 100 * rank);

  let fh = await MPI.File.Open(comm, "datafile.bin", MPI.MODE_CREATE | MPI.MODE_WRONLY);
  const offset = rank * data.byteLength;
  await fh.Write_at(offset, data);
  await fh.Close();

  const buf = new Int32Array(data.length);
  fh = await MPI.File.Open(comm, "datafile.bin", MPI.MODE_RDONLY);
  await fh.Read_at(offset, buf);
  await fh.Close();

  console.log(`Rank ${rank} read [${Array.from(buf).join(" ")}]`);
}
