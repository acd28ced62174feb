/**
 * Epoch rules that involve more than one kind of epoch (MPI 4.1 §12.5): a fence epoch that RMA
 * calls really opened must not contain a lock or PSCW epoch, and a window must not be locked and
 * exposed at once. sync.ts calls them where the epochs open.
 */
import type { Win } from "./win.ts";

function fail(win: Win, message: string, call: string): never {
  throw win.world.error("ERR_RMA_SYNC", message, call);
}

/**
 * MPI 4.1 §12.5: access epochs of one window at one process are disjoint, and so are exposure
 * epochs. A fence epoch is open when the last Fence did not assert MODE_NOSUCCEED and RMA calls
 * followed it (§12.5.1); another epoch opened inside it is an error now, or, when the RMA calls
 * come later, at the Fence that closes it.
 */
export function fenceNesting(win: Win, what: string, exposure: boolean, call: string): void {
  if (!win.fenceOpen) return;
  const bit = exposure ? 2 : 1;
  if (win.shared.fenceTouched[win.me] & bit) {
    fail(win, `${call.slice(4)} inside an open Fence ${exposure ? "exposure" : "access"} epoch (RMA calls ${exposure ? "targeted this rank" : "were issued"} since the last Fence; end it with Fence(MODE_NOSUCCEED) first; MPI 4.1 §12.5)`, call);
  }
  win.nestedSinceFence ??= { what, bit };
}

/**
 * MPI 4.1 §12.5.3: "It is erroneous to have a window locked and exposed (in an exposure epoch)
 * concurrently": Lock of a target whose Post…Wait epoch is open, or Post while the window is locked.
 */
export function lockedAndExposed(win: Win, t: number | null, call: string): void {
  const sh = win.shared;
  if (t !== null) {
    if (sh.exposing[t]) fail(win, `${call.slice(4)} ${call === "Win.Lock_all" ? "covers" : "of"} rank ${t} while it exposes the window in a Post…Wait epoch (a window must not be locked and exposed at once; MPI 4.1 §12.5.3)`, call);
    return;
  }
  if (sh.locks.held(win.me)) fail(win, `Post while the window at this rank is locked by a passive-target epoch (a window must not be locked and exposed at once; MPI 4.1 §12.5.3)`, call);
}
