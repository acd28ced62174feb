// Bench workload: MPI-IO through a subarray file view. A (2·ROWS)×(2·COLS) array of doubles is
// split 2×2 over 4 ranks; each rank sets a subarray filetype view (ROWS runs of COLS doubles in
// the file) and writes its block collectively with Write_all, params.iters times.
import type { MPI as MPINamespace } from "mpisim";

export const ranks = 4;
export const params = { iters: 10, rows: 256, cols: 256 };

// core/io is landing concurrently: a structural view of the calls used here type-checks before
// and after it does (replace with MPI.File's own types once it is in).
interface FileLike {
  Set_view(disp: number, etype: unknown, filetype: unknown, datarep: string): Promise<unknown>;
  Write_all(buf: unknown): Promise<unknown>;
  Close(): Promise<unknown>;
}
interface IoNamespace {
  File: { Open(comm: unknown, name: string, amode: number): Promise<FileLike> };
  MODE_CREATE: number;
  MODE_WRONLY: number;
}

export default async function main(MPI: MPINamespace) {
  const io = MPI as unknown as IoNamespace;
  const comm = MPI.COMM_WORLD;
  const rank = comm.Get_rank();
  const { rows, cols, iters } = params;
  const [py, px] = [rank >> 1, rank & 1];
  const local = new Float64Array(rows * cols).fill(rank);
  const filetype = MPI.DOUBLE.Create_subarray([2 * rows, 2 * cols], [rows, cols], [py * rows, px * cols], MPI.ORDER_C).Commit();
  const fh = await io.File.Open(comm, "bench-view.bin", io.MODE_CREATE | io.MODE_WRONLY);
  await fh.Set_view(0, MPI.DOUBLE, filetype, "native");
  for (let it = 0; it < iters; it++) await fh.Write_all(local);
  await fh.Close();
  filetype.Free();
}
