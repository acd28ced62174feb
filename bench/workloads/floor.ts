/**
 * The floor: what it costs to hand control from one async function to another and back with
 * nothing else going on. N "ranks" each park on a promise that only a central loop resolves; the
 * loop resolves one and waits on a fresh promise that the rank resolves when it parks again —
 * the simulator's own resume/park structure (microtasks only, no timers) without any MPI.
 */
import { cpuMs } from "../lib/measure.ts";

/** CPU nanoseconds per hand-off (one loop step: resume a rank, wait until it parks). */
export async function handoffFloor(n: number, steps: number): Promise<number> {
  const resumes: (() => void)[] = new Array(n);
  let parked: (() => void) | null = null;
  let stop = false;
  const park = (r: number) =>
    new Promise<void>((res) => {
      resumes[r] = res;
      const p = parked;
      parked = null;
      p!();
    });
  const rank = async (r: number) => {
    for (;;) {
      await park(r);
      if (stop) return;
    }
  };
  for (let r = 0; r < n; r++) {
    await new Promise<void>((res) => {
      parked = res;
      void rank(r);
    });
  }
  const t0 = cpuMs();
  for (let i = 0; i < steps; i++) {
    const r = i % n;
    await new Promise<void>((res) => {
      parked = res;
      resumes[r]();
    });
  }
  const ns = ((cpuMs() - t0) * 1e6) / steps;
  stop = true;
  for (let r = 0; r < n; r++) resumes[r]();
  return ns;
}
