/**
 * One V8 setting for the simulator's allocation pattern, made once when the scheduler loads.
 *
 * An exploration runs a program hundreds of times back to back; each run allocates ~0.5 MB of
 * objects (ranks, requests, events, promises) that live exactly as long as the run. While V8's
 * young generation is still small (a fresh process or worker thread), a scavenge finds most of the
 * current run's objects alive, so V8's allocation-site pretenuring decides that those sites make
 * long-lived objects and from then on allocates them in the old generation: every run's garbage
 * then costs mark-compacts and old-to-new bookkeeping. The decision sticks for the rest of the
 * process. Measured on the work-stealing queue (4 ranks, ~230 steps per run, Node 20, A/B in the
 * same minutes): with all checkers 785–908 → 1,034–1,398 schedules/s; checkers off equal within
 * noise, except that without the setting some processes settled about 2× slower and kept a second
 * core busy with concurrent GC (CPU/wall 1.4 against 1.1). One long run (the 4,096-rank ring or
 * halo) is unaffected within noise.
 *
 * The flag is process-wide and must be set before the decisions are made, so it is set when the
 * scheduler module loads (`mpisim list` loads none of it). It changes only where V8 places
 * objects, never what a program computes. `MPISIM_V8_PRETENURING=1` leaves V8's default alone.
 */
import { setFlagsFromString } from "node:v8";

let done = false;

/** Turn V8's allocation-site pretenuring off for this process (idempotent; see above). */
export function tuneV8ForRuns(): void {
  if (done) return;
  done = true;
  if (process.env.MPISIM_V8_PRETENURING === "1") return;
  setFlagsFromString("--no-allocation-site-pretenuring");
}

tuneV8ForRuns();
