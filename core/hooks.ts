/**
 * The process-wide hooks a running world needs, installed through one activate/deactivate pair:
 * console capture (console.log in a rank is that rank's output, SPEC §1), the instrumentation's
 * access sink and call location (instrument-runtime.ts), and the datatype lifecycle records.
 *
 * Two worlds may run at once in one process (vitest's concurrent tests, `Promise.all` of two
 * explorations). Each hook then asks which world's code is running: the first world to activate
 * in an otherwise idle process runs "bare" (its code carries no context; it is the answer when
 * nothing else is), every other one runs its scheduler loop, and so its ranks, inside an
 * AsyncLocalStorage context. A lone world never touches AsyncLocalStorage: on Node 20 the first
 * `run()` turns on promise hooks for the whole process, and the hand-off is all promises. While
 * only one world is active the hooks take the direct path they always had (the sink is the world).
 *
 * The state lives on globalThis, like the instrumentation runtime's: a program may load its own
 * copy of core (another module graph) and must still find the running world.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { format } from "node:util";
import type { SourceLoc } from "./errors.ts";
import { InternalError } from "./errors.ts";
import { runtimeHooks, type AccessSink, type CallLocScope } from "./instrument-runtime.ts";

/** What the hooks need from a world (core/world.ts implements it). */
export interface HookedWorld extends AccessSink {
  /** The rank whose code runs now, or -1 between steps. */
  readonly current: number;
  /**
   * Whether the world reads which user memory is touched at all (records are produced, or DPOR
   * collects footprints); fixed before the run starts. When false its `watches` is always false,
   * so the hooks get no sink and take their direct paths: no `view.buffer` per access (which, for
   * a small typed array, makes V8 move its storage out of the object).
   */
  readonly tracksMemory: boolean;
  /** A line of console output of the running rank. */
  print(rank: number, text: string): void;
  /** A derived datatype made or freed by the running rank. */
  datatypeEvent(what: "create" | "free", dt: object): void;
  opEvent(what: "create" | "free", op: object): void;
}

/** Console methods captured as rank output while a world is active. */
const CONSOLE_METHODS = ["log", "info", "warn", "error", "debug"] as const;
type ConsoleMethod = (typeof CONSOLE_METHODS)[number];

interface Registry {
  readonly als: AsyncLocalStorage<WorldHooks>;
  /** Active worlds' hooks, with how many activations each has open. */
  readonly active: Map<WorldHooks, number>;
  /** The world running without a context (see above), if it is active. */
  bare: WorldHooks | null;
  /** The console methods replaced while any world is active. */
  saved: Record<ConsoleMethod, (...args: unknown[]) => void> | null;
  /** Datatypes made while this is positive are the library's own (see unrecorded()). */
  quiet: number;
  /** The storage is to be turned off on the next macrotask. */
  offSoon: boolean;
  /** The storage may be on (a world ran in a context since it was last turned off). */
  storageOn: boolean;
}

const KEY = Symbol.for("mpisim.hooks");
const R: Registry = ((globalThis as Record<symbol, unknown>)[KEY] ??= {
  als: new AsyncLocalStorage<WorldHooks>(),
  active: new Map(),
  bare: null,
  saved: null,
  quiet: 0,
  offSoon: false,
  storageOn: false,
}) as Registry;

/** The hooks of the world whose code is running now (undefined outside any active world). */
function running(): WorldHooks | undefined {
  const a = R.active;
  if (a.size === 0) return undefined;
  if (a.size === 1) return a.keys().next().value;
  return R.als.getStore() ?? R.bare ?? undefined;
}

/** The sink while several worlds are active: each access goes to the world whose code made it. */
const MUX: AccessSink = {
  watches(buffer) {
    const h = running();
    return h !== undefined && h.world.current >= 0 && h.world.watches(buffer);
  },
  access(kind, buffer, byteOffset, byteLength, loc) {
    running()?.world.access(kind, buffer, byteOffset, byteLength, loc);
  },
};

const LOC_SCOPE: CallLocScope = {
  get: () => running()?.callLoc,
  set: (loc) => {
    const h = running();
    if (h !== undefined) h.callLoc = loc;
  },
};

/** One world's side of the process-wide hooks. */
export class WorldHooks {
  /** The world's last call location, kept while it is not the lone active world. */
  callLoc: SourceLoc | undefined = undefined;
  /** Set at the first activation: did this world's ranks start without a context? */
  private bareBorn: boolean | undefined;

  constructor(readonly world: HookedWorld) {}

  /**
   * Run `work` (which fires this world's events) with the hooks pointing at this world; the
   * activate/deactivate pair around it. Throws at once when the world cannot be told apart from
   * another active one (two worlds whose ranks both started without a context, stepped in turn).
   */
  async run<T>(work: () => Promise<T>): Promise<T> {
    const scoped = this.activate();
    try {
      // Bare work leaves any context it was called from, so its ranks carry none (free when the
      // storage was never used).
      if (scoped) R.storageOn = true;
      return await (scoped ? R.als.run(this, work) : R.als.exit(work));
    } finally {
      this.deactivate();
    }
  }

  /** A rank of this world starts running (a resume). */
  enter(): void {
    const h = runtimeHooks();
    if (R.active.size <= 1) h.setSink(this.world.tracksMemory ? this.world : null);
    else h.invalidate();
  }

  /** The running rank parked, finished or was stopped. */
  leave(): void {
    const h = runtimeHooks();
    if (R.active.size <= 1) h.setSink(null);
    else h.invalidate();
  }

  /** Returns whether the work must run inside this world's context. */
  private activate(): boolean {
    const open = R.active.get(this);
    if (open !== undefined) {
      R.active.set(this, open + 1);
      return R.bare !== this;
    }
    const idle = R.active.size === 0;
    this.bareBorn ??= idle;
    if (this.bareBorn) {
      if (R.bare !== null) {
        throw new Error(
          "mpisim: two simulated worlds that both started alone are being run at the same time: their ranks cannot be told apart (finish one run before stepping another)",
        );
      }
      R.bare = this;
    }
    const before = idle ? undefined : R.active.size === 1 ? R.active.keys().next().value : undefined;
    R.active.set(this, 1);
    if (idle) this.becomeLone();
    else if (before !== undefined) becomeShared(before);
    return !this.bareBorn;
  }

  private deactivate(): void {
    const open = R.active.get(this);
    if (open === undefined) throw new InternalError("world hooks deactivated more often than activated");
    if (open > 1) {
      R.active.set(this, open - 1);
      return;
    }
    const h = runtimeHooks();
    if (R.active.size === 1) this.callLoc = h.getCallLoc();
    R.active.delete(this);
    if (R.bare === this) R.bare = null;
    // No context left to carry: turn the storage off, so the process's promise hooks go off again
    // (a lone run is as fast as before, and the watchdog can terminate a spin: see beforeCut()).
    // From a macrotask of its own: turned off inside a promise job, the job's async id would stay
    // on Node's stack, and a later termination aborts Node.
    if (R.storageOn && !anyScoped() && !R.offSoon) {
      R.offSoon = true;
      setImmediate(() => {
        R.offSoon = false;
        if (!anyScoped()) beforeCut();
      });
    }
    if (R.active.size === 1) R.active.keys().next().value!.becomeLone();
    else if (R.active.size === 0) {
      h.setSink(null);
      h.setCallLoc(undefined);
      restoreConsole();
    }
  }

  /** This world is now the only active one: the direct paths. */
  private becomeLone(): void {
    const h = runtimeHooks();
    h.setCallLocScope(null);
    h.setCallLoc(this.callLoc);
    h.setSink(this.world.current >= 0 && this.world.tracksMemory ? this.world : null);
    captureConsole();
  }
}

/** A second world joined `lone`: keep its call location in its slot and share the sink. */
function becomeShared(lone: WorldHooks): void {
  const h = runtimeHooks();
  lone.callLoc = h.getCallLoc();
  h.setCallLocScope(LOC_SCOPE);
  h.setSink(MUX);
}

function captureConsole(): void {
  if (R.saved !== null) return;
  const saved = {} as Record<ConsoleMethod, (...args: unknown[]) => void>;
  for (const m of CONSOLE_METHODS) {
    const orig = console[m];
    saved[m] = orig;
    console[m] = (...args: unknown[]) => {
      const w = running()?.world;
      if (w !== undefined && w.current >= 0) w.print(w.current, format(...(args as [unknown, ...unknown[]])));
      else orig.apply(console, args);
    };
  }
  R.saved = saved;
}

function restoreConsole(): void {
  const saved = R.saved;
  if (saved === null) return;
  for (const m of CONSOLE_METHODS) console[m] = saved[m];
  R.saved = null;
}

/**
 * The watchdog (scheduler/watchdog.ts) is about to terminate a spinning rank's execution. With
 * the storage on, Node's async-hooks stack would be left unbalanced and Node aborts (an assertion
 * in InternalCallbackScope::Close): turn it off first. It comes back on at the next world that
 * activates beside another; until then the other active worlds' code reads no context and counts
 * as the bare world's (turning it back on from a macrotask right after the cut aborts Node too).
 */
export function beforeCut(): void {
  R.als.disable();
  R.storageOn = false;
}

/** Is a world that runs inside a context active? */
function anyScoped(): boolean {
  return R.active.size > (R.bare === null ? 0 : 1);
}

/** A derived datatype was made or freed: a record for the running world, if any. */
export function datatypeEvent(what: "create" | "free", dt: object): void {
  if (R.quiet === 0 && R.active.size !== 0) running()?.world.datatypeEvent(what, dt);
}

/** A user op (Op.Create) made or freed: its alloc/free record in the world whose rank runs. */
export function opEvent(what: "create" | "free", op: object): void {
  if (R.quiet === 0 && R.active.size !== 0) running()?.world.opEvent(what, op);
}

/**
 * Make the library's own datatypes (e.g. HDF5's filetypes) without lifecycle records: they are
 * not the user's to free. `make` is synchronous, so no other world's code runs meanwhile.
 */
export function unrecorded<T>(make: () => T): T {
  R.quiet++;
  try {
    return make();
  } finally {
    R.quiet--;
  }
}
