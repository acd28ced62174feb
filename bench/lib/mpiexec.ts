/**
 * The real-MPI reference: one `mpiexec -n 4 python3 bench/python/work_stealing.py` run of the
 * lecture's original, when Open MPI and mpi4py are installed (skipped with a message otherwise).
 */
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { median, now } from "./measure.ts";
import { BENCH_DIR } from "./sim.ts";

const PYTHON = "/usr/bin/python3";

function which(cmd: string): string | null {
  const r = spawnSync("sh", ["-c", `command -v ${cmd}`], { encoding: "utf8" });
  return r.status === 0 ? r.stdout.trim() : null;
}

export function timeMpiexec(ctx: { log(m: string): void }, runs = 3): { seconds: number; runs: number[] } | { skipped: string } {
  const mpiexec = which("mpiexec");
  if (!mpiexec) return { skipped: "mpiexec reference skipped: mpiexec not found (apt-get install openmpi-bin python3-mpi4py python3-numpy)" };
  const probe = spawnSync(PYTHON, ["-c", "import mpi4py, numpy"], { encoding: "utf8" });
  if (probe.status !== 0) return { skipped: `mpiexec reference skipped: ${PYTHON} cannot import mpi4py and numpy` };
  const script = join(BENCH_DIR, "python", "work_stealing.py");
  const args = ["-n", "4", "--oversubscribe", PYTHON, script];
  const env = { ...process.env };
  // Open MPI refuses to run as root unless told twice; containers often are root.
  if (process.getuid?.() === 0) Object.assign(env, { OMPI_ALLOW_RUN_AS_ROOT: "1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: "1" });
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = now();
    const r = spawnSync(mpiexec, args, { encoding: "utf8", env, timeout: 120_000 });
    const s = (now() - t0) / 1000;
    if (r.status !== 0) return { skipped: `mpiexec reference skipped: mpiexec exited ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim().split("\n").slice(-2).join(" ")}` };
    if (!/results filled: 8\/8/.test(r.stdout)) return { skipped: `mpiexec reference skipped: unexpected output ${r.stdout.slice(0, 200)}` };
    times.push(s);
  }
  ctx.log(`mpiexec -n 4 python3 work_stealing.py: ${times.map((t) => t.toFixed(2)).join(", ")} s`);
  return { seconds: median(times), runs: times };
}
