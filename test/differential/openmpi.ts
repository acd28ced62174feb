/**
 * Running cases under real Open MPI: one mpiexec launch per batch of cases of the same rank count
 * (a launch costs ~0.5 s), runner.py printing "C<id> R<rank> <line>". A launch that fails or
 * prints nothing for a case is reported as such, with the tail of its stderr.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Case } from "./gen.ts";

const PYTHON = "/usr/bin/python3";
const RUNNER = join(dirname(fileURLToPath(import.meta.url)), "runner.py");

/** Why Open MPI cannot be used here, or null when mpiexec and mpi4py with numpy are installed. */
export function openMpiMissing(): string | null {
  const which = spawnSync("sh", ["-c", "command -v mpiexec"], { encoding: "utf8" });
  if (which.status !== 0) return "mpiexec is not installed";
  const py = spawnSync(PYTHON, ["-c", "import mpi4py, numpy"], { encoding: "utf8" });
  if (py.status !== 0) return `${PYTHON} cannot import mpi4py and numpy`;
  return null;
}

export interface OpenMpiResult {
  /** lines by case id, then by rank */
  lines: Map<number, string[][]>;
  /** launches that failed, with what they said */
  failures: string[];
}

export function runOpenMpi(cases: Case[], batch = 80): OpenMpiResult {
  const lines = new Map<number, string[][]>();
  const failures: string[] = [];
  const dir = mkdtempSync(join(tmpdir(), "mpisim-diff-"));
  const env = { ...process.env, OMPI_MCA_rmaps_base_oversubscribe: "1" };
  if (process.getuid?.() === 0) Object.assign(env, { OMPI_ALLOW_RUN_AS_ROOT: "1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM: "1" });
  try {
    const byNp = new Map<number, Case[]>();
    for (const c of cases) byNp.set(c.np, [...(byNp.get(c.np) ?? []), c]);
    for (const [np, list] of [...byNp].sort((a, b) => a[0] - b[0])) {
      for (let i = 0; i < list.length; i += batch) {
        const chunk = list.slice(i, i + batch);
        for (const c of chunk) lines.set(c.id, Array.from({ length: np }, () => []));
        const file = join(dir, `cases-${np}-${i}.jsonl`);
        writeFileSync(file, chunk.map((c) => JSON.stringify(c)).join("\n") + "\n");
        const r = spawnSync("mpiexec", ["--oversubscribe", "-n", String(np), PYTHON, RUNNER, file, dir], {
          encoding: "utf8", env, timeout: 150_000, maxBuffer: 64 << 20,
        });
        for (const l of (r.stdout ?? "").split("\n")) {
          const m = /^C(\d+) R(\d+) (.*)$/.exec(l);
          if (m) lines.get(Number(m[1]))?.[Number(m[2])]?.push(m[3]);
        }
        if (r.status !== 0 || r.error) {
          const why = r.error ? String(r.error) : `exit status ${r.status}${r.signal ? ` (${r.signal})` : ""}`;
          failures.push(`mpiexec -n ${np} on cases ${chunk[0].id}…${chunk[chunk.length - 1].id}: ${why}\n${(r.stderr ?? "").split("\n").slice(-15).join("\n")}`);
        }
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { lines, failures };
}
