/**
 * The wall-clock watchdog: a rank whose code runs longer than a limit without handing control
 * back to the scheduler (a `while (true) {}`, or `for (;;) await Promise.resolve()`) ends the run
 * with a `no-progress` diagnostic naming the rank and where its code spins (SPEC §4).
 *
 * Such a spin never yields to the event loop, so nothing in its own thread — no timer, no message
 * — can notice it. The watching is done by a helper thread (scheduler/watchdog-thread.ts) that
 * reads a shared slot the world bumps at each hand-off (World.heartbeat), and stops the spin
 * through the inspector; this module is the spinning thread's side: its slot, and the hook the
 * helper evaluates in the paused frame.
 *
 * Determinism: the wall clock is only ever read in the helper thread, and all it can do is end a
 * run. It never influences a choice: every event fired before the cut is the one the strategy
 * chose, the diagnostic's step is the world's step, and the token replays the same spin.
 */
import { isMainThread, threadId, Worker } from "node:worker_threads";
import { formatLoc, type SourceLoc } from "../core/errors.ts";
import { userFrame, type World } from "../core/world.ts";
import { beforeCut } from "../core/hooks.ts";
import type { Diagnostic } from "../core/diagnostic.ts";
import { WATCHDOG_THREAD_SOURCE } from "./watchdog-thread.ts";

/** Default limit, seconds (`--watchdog SEC`, RunOptions.watchdog; 0 disables). */
export const DEFAULT_WATCHDOG = 5;

const SLOTS = 64;
const FIELDS = 4;

/** The shared slots, and this thread's one (a view of its 4 fields), once known. */
let shared: SharedArrayBuffer | undefined;
let mine: Int32Array | undefined;
let mySlot = -1;
let helper: Worker | undefined;
/** Guards whose session is inside run()/step() in this thread. */
const armed = new Set<SpinGuard>();

/**
 * The shared slots of this process (main thread: starting the helper thread on first use), to
 * hand to exploration workers; undefined where no watchdog can run.
 */
export function watchdogSlots(): SharedArrayBuffer | undefined {
  if (shared === undefined && isMainThread) {
    const sab = new SharedArrayBuffer(SLOTS * FIELDS * 4);
    const s = new Int32Array(sab);
    for (let i = 0; i < SLOTS; i++) s[i * FIELDS + 3] = -1;
    try {
      helper = new Worker(WATCHDOG_THREAD_SOURCE, { eval: true, workerData: { sab } });
    } catch {
      return undefined;
    }
    // The helper never keeps the process alive; a run it cuts short is ended by a macrotask of its own thread.
    helper.unref();
    // A helper that cannot run (a Node built without the inspector) leaves runs unwatched, as before.
    helper.on("error", () => {});
    shared = sab;
  }
  return shared;
}

/** In an exploration worker: use the slots its parent handed over (see scheduler/worker.ts). */
export function adoptWatchdogSlots(sab: SharedArrayBuffer | undefined): void {
  if (sab !== undefined && shared === undefined) shared = sab;
}

/** A worker thread ended (scheduler/explore.ts): free the slot it claimed, if any, for later workers. */
export function releaseWatchdogSlot(thread: number): void {
  if (shared === undefined) return;
  const s = new Int32Array(shared);
  for (let i = 0; i < SLOTS; i++) {
    if (Atomics.load(s, i * FIELDS + 3) !== thread) continue;
    Atomics.store(s, i * FIELDS + 2, 0);
    Atomics.store(s, i * FIELDS + 1, 0);
    Atomics.store(s, i * FIELDS + 3, -1);
  }
}

/** This thread's slot, claimed on first use; undefined when there is no helper to watch it. */
function slot(): Int32Array | undefined {
  if (mine !== undefined) return mine;
  const sab = watchdogSlots();
  if (sab === undefined) return undefined;
  const s = new Int32Array(sab);
  for (let i = 0; i < SLOTS && mySlot < 0; i++) {
    const t = Atomics.compareExchange(s, i * FIELDS + 3, -1, threadId);
    if (t === -1 || t === threadId) mySlot = i;
  }
  if (mySlot < 0) return undefined;
  mine = new Int32Array(sab, mySlot * FIELDS * 4, FIELDS);
  (globalThis as Record<symbol, unknown>)[Symbol.for("mpisim.watchdog")] = hook;
  return mine;
}

/**
 * Evaluated by the helper in the paused frame: confirm the stall (no hand-off since the helper
 * looked, a rank of an armed world running) and record it: "cut" (the helper then terminates the
 * execution), "again" (paused where no user code is on the stack, e.g. between two microtasks of a
 * microtask loop: the helper pauses once more), or "no" (it was not a stall after all). The stack
 * taken here has the paused code right under this call and the inspector's eval frame.
 */
function hook(slotIndex: number, beat: number, final: boolean): "cut" | "again" | "no" {
  if (mine === undefined || slotIndex !== mySlot || Atomics.load(mine, 0) !== beat || Atomics.load(mine, 1) === 0) return "no";
  for (const g of armed) {
    if (g.world.current >= 0) {
      const stack = new Error().stack ?? "";
      const spin = spinLocation(stack);
      if (spin === undefined && !final) return "again";
      // terminating with async-context propagation on would abort Node (core/hooks.ts)
      beforeCut();
      g.trip(spin);
      return "cut";
    }
  }
  return "no";
}

/** Where the stopped code was: the first user frame below the hook and the inspector's eval frame. */
function spinLocation(stack: string): SourceLoc | undefined {
  const lines = stack.split("\n").slice(1);
  const below = lines.findIndex((l) => l.includes("<anonymous>"));
  return userFrame({ stack: ["Error", ...lines.slice(below + 1)].join("\n") } as Error);
}

/** One session's watchdog: arms the thread's slot while the session runs ranks. */
export class SpinGuard {
  private wake: (() => void) | undefined;
  private readonly limitMs: number;

  constructor(
    readonly world: World,
    private readonly seconds: number,
  ) {
    this.limitMs = Math.max(1, Math.round(seconds * 1000));
  }

  /** A guard for the session, or undefined when disabled (0) or impossible in this thread. */
  static for(world: World, seconds: number | undefined): SpinGuard | undefined {
    const sec = seconds ?? DEFAULT_WATCHDOG;
    if (!(sec > 0)) return undefined;
    const view = slot();
    if (view === undefined) return undefined;
    world.heartbeat = view;
    return new SpinGuard(world, sec);
  }

  /**
   * Run `work` (which fires events) so that a spin inside it can be cut; the caller's await ends
   * on whichever comes first, the work or the cut. Terminating the spin unwinds every frame on
   * the stack and drops the microtask queue, so the work starts on a macrotask of its own: no
   * caller frame is below it, and no caller's pending job (e.g. the resolution of an async
   * function that returned this promise) waits in the queue behind it. One macrotask per
   * run()/step() call, not per hand-off: the hand-offs themselves stay microtasks.
   */
  async watch(work: () => Promise<unknown>): Promise<void> {
    const view = mine!;
    armed.add(this);
    Atomics.store(view, 2, this.limitMs);
    try {
      const stopped = new Promise<void>((res) => (this.wake = res));
      await Promise.race([new Promise<void>((res) => setImmediate(res)).then(work), stopped]);
    } finally {
      this.wake = undefined;
      armed.delete(this);
      if (armed.size === 0) Atomics.store(view, 2, 0);
    }
  }

  /** The helper confirmed a spin in this world: report it, and end the watch once the spin is unwound. */
  trip(spin: SourceLoc | undefined): void {
    const world = this.world;
    const st = world.ranks[world.current];
    const last = st.pendingLoc;
    const loc = spin ?? last;
    const where = spin ? ` at ${formatLoc(spin)}` : "";
    // Uninstrumented code (a plain function) has no call locations: say nothing rather than guess.
    const lastCall = last ? `; its last MPI call returned at ${formatLoc(last)}` : st.callSeq <= 1 ? "; it had not made an MPI call yet" : "";
    const d: Diagnostic = {
      kind: "no-progress",
      message: `rank ${st.rank} ran for more than ${this.seconds} s without reaching an MPI call (a synchronous or microtask loop?)${where}${lastCall}`,
      ranks: [st.rank],
      watchdog: this.seconds,
      ...(loc ? { loc, where: formatLoc(loc) } : {}),
    };
    world.interrupt(d);
    // A macrotask: it runs after the helper's termination has unwound the spin (and dropped the
    // microtask queue, which the spin fills).
    const wake = this.wake;
    setImmediate(() => wake?.());
  }
}
