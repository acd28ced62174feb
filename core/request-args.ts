/**
 * How a call on requests describes itself in its call record (`args`, and the `reqs` a record
 * names). The `reqs` only when someone records the trace (World.recording), the `args` text only
 * when the trace is kept (World.describing): otherwise either would be garbage made on every call.
 */
import type { Request } from "./request.ts";

export function oneArgs(r: Request): string | undefined {
  return r.world.describing ? `req=${r.id}` : undefined;
}

export function oneExtra(r: Request): { reqs: number[] } | undefined {
  return r.world.recording ? { reqs: [r.id] } : undefined;
}

export function listArgs(rs: readonly Request[]): string | undefined {
  return rs[0].world.describing ? `reqs=[${rs.map((r) => r.id).join(",")}]` : undefined;
}

export function listExtra(rs: readonly Request[]): { reqs: number[] } | undefined {
  return rs[0].world.recording ? { reqs: rs.map((r) => r.id) } : undefined;
}
