import { formatLoc } from "../core/errors.ts";
import type { P2P } from "../core/p2p.ts";
import type { Request } from "../core/request.ts";
import type { RankState, World } from "../core/world.ts";

/**
 * The deadlock report (SPEC §4): no event is enabled while ranks wait. It names each blocked
 * rank's pending call, a wait-for cycle, and whether the stall exists only because standard-mode
 * sends were not buffered — the program is then unsafe (MPI 4.1 §3.5: a conforming implementation
 * may make every standard-mode send synchronous; a program that completes only thanks to
 * buffering is "unsafe").
 */
export function reportDeadlock(world: World): void {
  const blocked = world.blockedRanks();
  const waits = new Map<number, number[]>();
  for (const s of blocked) waits.set(s.rank, s.pending?.waitsFor?.() ?? []);
  const cycle = findCycle(waits);
  const freed = unblockedByBuffering(world, blocked);
  // The stall relies on buffering when buffering would move a rank of the reported cycle (or,
  // with no cycle, any blocked rank): a rank outside a cycle of Ssends would not save it.
  const relies = cycle.length ? cycle.some((r) => freed.has(r)) : freed.size > 0;
  const pending = blocked.map((s) => ({
    rank: s.rank,
    call: s.pending?.describe?.() ?? s.pending?.call ?? "?",
    where: s.pendingLoc ? formatLoc(s.pendingLoc) : undefined,
    waitsFor: waits.get(s.rank),
  }));
  const unbuffered = (r: number) => (relies && freed.has(r) ? " (its send not buffered)" : "");
  const what = pending.map((p) => `rank ${p.rank} in ${p.call}${unbuffered(p.rank)}${p.where ? ` at ${p.where}` : ""}`).join("; ");
  const stall = `no event can happen while ${blocked.length} rank(s) wait${cycle.length ? ` (wait-for cycle ${[...cycle, cycle[0]].join(" → ")})` : ""}: ${what}`;
  const how =
    world.opts.buffering === "rendezvous"
      ? "under rendezvous buffering"
      : `under eager buffering (messages over the ${world.opts.eagerLimit}-byte eager limit are not buffered)`;
  world.report({
    kind: "deadlock",
    message: relies
      ? `the program relies on buffering (unsafe, MPI 4.1 §3.5: a conforming implementation may make every standard-mode Send synchronous): ${how} ${stall}`
      : stall,
    ranks: blocked.map((s) => s.rank),
    cycle,
    pending,
    ...(relies ? { reliesOnBuffering: true, buffering: world.opts.buffering } : {}),
    accesses: pending.map((p) => ({ op: p.call, rank: p.rank, where: p.where, loc: world.ranks[p.rank].pendingLoc })),
  });
}

/**
 * The blocked ranks whose pending call could complete if the standard-mode sends still waiting
 * for a receive had been buffered (as an eager implementation does). Asked of the calls
 * themselves: those sends' requests are marked complete for the question, then restored
 * (`ready()` only reads state), so every way of waiting on a send (Send, Wait, Waitall, Waitany,
 * Sendrecv…) is judged by its own rule.
 */
function unblockedByBuffering(world: World, blocked: RankState[]): Set<number> {
  const p2p = world.subsystems.get("p2p") as P2P | undefined;
  const freed = new Set<number>();
  if (!p2p) return freed;
  const sends: Request[] = [];
  for (let r = 0; r < world.size; r++) {
    // `sync` without `ssend`: a standard (or ready) send the implementation chose not to buffer.
    for (const m of p2p.inbox(r).msgs) if (m.sync && !m.ssend && m.sreq.state === "active") sends.push(m.sreq);
  }
  if (sends.length === 0) return freed;
  for (const q of sends) q.state = "complete";
  try {
    for (const s of blocked) if (s.pending?.ready()) freed.add(s.rank);
  } finally {
    for (const q of sends) q.state = "active";
  }
  return freed;
}

function findCycle(waits: Map<number, number[]>): number[] {
  const color = new Map<number, number>();
  const stack: number[] = [];
  let found: number[] = [];
  const dfs = (r: number): boolean => {
    color.set(r, 1);
    stack.push(r);
    for (const n of waits.get(r) ?? []) {
      if (!waits.has(n)) continue;
      const c = color.get(n) ?? 0;
      if (c === 1) {
        found = stack.slice(stack.indexOf(n));
        return true;
      }
      if (c === 0 && dfs(n)) return true;
    }
    stack.pop();
    color.set(r, 2);
    return false;
  };
  for (const r of [...waits.keys()].sort((a, b) => a - b)) {
    if ((color.get(r) ?? 0) === 0 && dfs(r)) break;
  }
  return found;
}
