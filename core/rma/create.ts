/**
 * Window creation and destruction (MPI 4.1 §12.2): collective calls on the communicator (Create,
 * Allocate, Create_dynamic) and on the window's own group (Free), each one slot of
 * core/collective.ts. Every member's window memory is watched for the window's lifetime so that
 * instrumented loads and stores on it reach the trace.
 */
import { PLAIN_CALL, declareCalls } from "../footprint-decl.ts";
import { enterOwned, kw, show } from "../args.ts";
import { joinCollective } from "../collective.ts";
import { CommBase } from "../comm-base.ts";
import { INFO_NULL } from "../constants.ts";
import { CommContext } from "../context.ts";
import { MAX_BUFFER_BYTES, isBufferLike } from "../datatype/index.ts";
import { RequestWait, consumeOnly, resultOf, waitJoined } from "../request-wait.ts";
import type { RecordFields } from "../trace.ts";
import type { World } from "../world.ts";
import { RmaEngine } from "./engine.ts";
import type { WinCreateRecord, WinFreeRecord, WinRegionRecord } from "./records.ts";
import { Win } from "./win.ts";
import { WinShared, type Flavor, type Member, type Region } from "./window.ts";

function winRecord(world: World, rec: RecordFields<WinCreateRecord | WinFreeRecord | WinRegionRecord>): void {
  // Key order (t, step, rank, time, then the record's own fields) is the trace's, hashed.
  if (world.recording) world.emit(Object.assign({ t: rec.t, step: world.step, rank: rec.rank, time: world.now(rec.rank) }, rec));
}

/** The trace id of window memory, made only when someone reads it (a map lookup and a string per member per window). */
function regionId(world: World, buf: ArrayBufferLike, rank: number): string {
  return world.tracksMemory ? world.bufferId(buf, rank) : "";
}

function regionOf(world: World, rank: number, memory: unknown, call: string): Region | null {
  if (memory === null || memory === undefined) return null;
  if (memory instanceof ArrayBuffer) {
    checkSize(world, memory.byteLength, "window memory", call);
    return { buffer: memory, bytes: new Uint8Array(memory), base: 0, size: memory.byteLength, bufId: regionId(world, memory, rank) };
  }
  if (isBufferLike(memory)) {
    checkSize(world, memory.buffer.byteLength, "window memory", call);
    return { buffer: memory.buffer, bytes: new Uint8Array(memory.buffer), base: memory.byteOffset, size: memory.byteLength, bufId: regionId(world, memory.buffer, rank) };
  }
  throw world.error("ERR_ARG", `window memory must be a typed array, DataView, ArrayBuffer or null, got ${describe(memory)}`, call);
}

/**
 * Window memory beyond 4 GiB (MAX_BUFFER_BYTES) is refused at creation with ERR_SIZE, before any
 * allocation, rather than failing at the first Put (a byte view of it cannot be made in Node 20).
 */
function checkSize(world: World, bytes: number, what: string, call: string): void {
  if (bytes > MAX_BUFFER_BYTES) {
    throw world.error("ERR_SIZE", `${what} of ${bytes} bytes is larger than the ${MAX_BUFFER_BYTES} bytes (4 GiB) mpisim supports per window and rank`, call);
  }
}

function describe(v: unknown): string {
  if (v === null || v === undefined) return String(v);
  if (typeof v === "object") return (v as object).constructor?.name ?? "object";
  return `${typeof v} ${show(v)}`;
}

/** mpi4py: Win.Create(memory, disp_unit=1, info=INFO_NULL, comm=COMM_SELF) and its siblings. */
// Creating and freeing a window wait for the collective only (its joins' footprint), never for
// RMA operations being applied (Free refuses pending operations at the call).
declareCalls({ "Win.Create": PLAIN_CALL, "Win.Allocate": PLAIN_CALL, "Win.Create_dynamic": PLAIN_CALL, "Win.Free": PLAIN_CALL });

export function createWindow(world: World, commSelf: CommBase, flavor: Flavor, args: unknown[]): Promise<Win> {
  const call = flavor === "create" ? "Win.Create" : flavor === "allocate" ? "Win.Allocate" : "Win.Create_dynamic";
  const st = enterOwned(world, commSelf.owner, call, "MPI namespace", "ERR_OTHER");
  const dflt = { memory: undefined as unknown, size: undefined as unknown, disp_unit: 1 as unknown, info: INFO_NULL as unknown, comm: commSelf as unknown };
  const a =
    flavor === "dynamic" ? kw(args, ["info", "comm"], dflt)
    : flavor === "create" ? kw(args, ["memory", "disp_unit", "info", "comm"], dflt)
    : kw(args, ["size", "disp_unit", "info", "comm"], dflt);
  const comm = a.comm;
  if (!(comm instanceof CommBase)) throw world.error("ERR_COMM", `comm must be a communicator, got ${describe(comm)}`, call);
  if (comm.owner !== st.rank) throw world.error("ERR_COMM", `rank ${st.rank} used a communicator handle of rank ${comm.owner}`, call);
  if (comm.freed) throw world.error("ERR_COMM", `communicator ${comm.ctx.name} was freed`, call);
  const dispUnit = a.disp_unit;
  if (typeof dispUnit !== "number" || !Number.isInteger(dispUnit) || dispUnit <= 0) {
    throw world.error("ERR_DISP", `disp_unit must be a positive integer, got ${show(dispUnit)}`, call);
  }
  let region: Region | null = null;
  let memory: ArrayBuffer | null = null;
  if (flavor === "create") {
    region = regionOf(world, st.rank, a.memory, call);
    if (region && region.size === 0) region = null;
    memory = region ? (region.buffer as ArrayBuffer) : null;
  } else if (flavor === "allocate") {
    const size = a.size;
    if (typeof size !== "number" || !Number.isSafeInteger(size) || size < 0) {
      throw world.error("ERR_SIZE", `Win.Allocate size must be a non-negative integer number of bytes, got ${show(size)}`, call);
    }
    checkSize(world, size, "Win.Allocate size", call);
    memory = new ArrayBuffer(size);
    region = size > 0 ? { buffer: memory, bytes: new Uint8Array(memory), base: 0, size, bufId: regionId(world, memory, st.rank) } : null;
  }
  const member: Member = { region, attached: [], dispUnit, memory };
  const engine = RmaEngine.of(world);
  const ctx = comm.ctx;
  return waitJoined(world, new RequestWait<Win>(call, [], resultOf), region ? `size=${region.size} disp_unit=${dispUnit}` : `disp_unit=${dispUnit}`, { comm: ctx.id }, () =>
    joinCollective(world, ctx, {
      kind: call,
      contrib: member,
      compute(members) {
        const id = engine.nextWindowId(ctx.id);
        const sh = new WinShared(id, ctx, new CommContext(id, ctx.group, `win ${id}`), flavor, members);
        engine.windows.push(sh);
        return sh;
      },
      deliver(sh, r) {
        const m = sh.members[ctx.localRank(r.rank)];
        if (m.region) world.watch(m.region.buffer);
        winRecord(world, {
          t: "win-create", rank: r.rank, win: sh.id, comm: ctx.id, buf: m.region?.bufId ?? null, base: m.region?.base ?? 0, size: m.region?.size ?? 0, dispUnit: m.dispUnit,
          flavor,
        });
        r.result = new Win(engine, sh, r.rank);
      },
    }, call),
  );
}

/** MPI 4.1 §12.2.5: collective; no epoch may be open and every operation must be completed. */
export function freeWindow(win: Win): Promise<void> {
  const call = "Win.Free";
  const world = win.world;
  win.enter(call);
  const open = win.epochOpen();
  if (open) throw world.error("ERR_RMA_SYNC", `Win.Free of ${win.shared.name} while ${open} (close every epoch first; MPI 4.1 §12.2.5)`, call);
  win.freed = true;
  const sh = win.shared;
  return waitJoined(world, new RequestWait<void>(call, [], consumeOnly), "", { comm: sh.id }, () =>
    joinCollective(world, sh.ctx, {
      kind: call,
      contrib: null,
      compute() {
        return null;
      },
      deliver(_r, r) {
        const me = sh.ctx.localRank(r.rank);
        const m = sh.members[me];
        if (m.region) world.unwatch(m.region.buffer);
        for (const reg of m.attached) world.unwatch(reg.buffer);
        m.attached = [];
        sh.freed[me] = 1;
        winRecord(world, { t: "win-free", rank: r.rank, win: sh.id });
      },
    }, call),
  );
}

/** Win.Attach(memory): expose memory in a dynamic window (MPI 4.1 §12.2.4). */
export function attach(win: Win, memory: unknown): void {
  const call = "Win.Attach";
  const st = win.enter(call);
  const world = win.world;
  world.localCall(call, "", { comm: win.shared.id });
  if (win.shared.flavor !== "dynamic") throw world.error("ERR_RMA_FLAVOR", `Attach needs a window made by Win.Create_dynamic, not ${win.shared.flavor}`, call);
  const region = regionOf(world, st.rank, memory, call);
  if (!region || region.size === 0) return;
  const m = win.shared.members[win.me];
  for (const r of m.attached) {
    if (r.buffer === region.buffer && region.base < r.base + r.size && r.base < region.base + region.size) {
      throw world.error("ERR_RMA_ATTACH", "memory overlaps a region already attached to this window (MPI 4.1 §12.2.4)", call);
    }
  }
  m.attached.push(region);
  world.watch(region.buffer);
  // Displacements into a dynamic window are addresses: give the buffer one now.
  win.engine.address(region.buffer);
  winRecord(world, { t: "win-attach", rank: st.rank, win: win.shared.id, buf: region.bufId, base: region.base, size: region.size });
}

export function detach(win: Win, memory: unknown): void {
  const call = "Win.Detach";
  const st = win.enter(call);
  const world = win.world;
  world.localCall(call, "", { comm: win.shared.id });
  if (win.shared.flavor !== "dynamic") throw world.error("ERR_RMA_FLAVOR", `Detach needs a window made by Win.Create_dynamic, not ${win.shared.flavor}`, call);
  const region = regionOf(world, st.rank, memory, call);
  const m = win.shared.members[win.me];
  const i = region ? m.attached.findIndex((r) => r.buffer === region.buffer && r.base === region.base) : -1;
  if (i < 0) throw world.error("ERR_RMA_ATTACH", "Detach of memory that is not attached to this window", call);
  const [r] = m.attached.splice(i, 1);
  world.unwatch(r.buffer);
  winRecord(world, { t: "win-detach", rank: st.rank, win: win.shared.id, buf: r.bufId, base: r.base, size: r.size });
}
