import { EVENT_KIND_NAMES, type EventKind, type SimEvent } from "../core/events.ts";
import { UsageError } from "../core/errors.ts";
import type { Touch } from "../core/world.ts";
import { conflicts, isAcquire } from "./footprint.ts";
import type { Strategy } from "./strategy.ts";
import { eventBranch, type Branch } from "./path.ts";
import { DporRun } from "./dpor-run.ts";

export { DporRun } from "./dpor-run.ts";

/**
 * Exhaustive exploration with dynamic partial-order reduction: source sets with sleep sets
 * (Abdulla, Aronis, Jonsson, Sagonas, "Optimal dynamic partial order reduction", POPL'14,
 * Algorithm 1), run statelessly: every execution replays a prefix of the current path, then
 * continues with the default choice (the oldest enabled event not asleep). After each execution
 * the races in it add backtrack points; the next execution backtracks to the deepest one.
 *
 * With sleep sets no two complete executions are equivalent (Mazurkiewicz), so the number of
 * complete executions is the number of distinct traces under the dependency relation of
 * scheduler/footprint.ts; executions that end with every enabled event asleep are "blocked" and
 * not counted.
 *
 * The first state with more than one enabled event (the root branching) is expanded fully, in
 * canonical event order, so that shards and workers can split the tree there and together explore
 * exactly the unsharded tree: a branch not explored here is still executed one step ("probe") to
 * learn its footprint for the sleep sets of the later branches.
 */

export interface Info {
  key: string;
  touches: Touch[];
  /** Events this event disabled when it fired (dependent with it). */
  disabled: Set<string>;
}

export function independent(a: Info, b: Info): boolean {
  return !a.disabled.has(b.key) && !b.disabled.has(a.key) && !conflicts(a.touches, b.touches);
}

export class Node {
  readonly done = new Map<string, Info>();
  readonly backtrack = new Set<string>();
  chosen = "";
  constructor(
    /** Enabled events, canonical order. */
    readonly enabled: string[],
    readonly oldest: string,
    readonly sleep: Map<string, Info>,
    /** Non-default choices on the path before this node (for the preemption bound). */
    readonly delays: number,
  ) {}
}

export interface Step {
  info: Info;
  /** Steps that must precede this one in every execution (its enabler, its creator), -1 if none. */
  causes: number[];
}

export interface DporOptions {
  /** Explore only these branches of the root branching (canonical index, branch count): shards and workers. */
  branches?: (branch: number, count: number) => boolean;
  /** At most this many non-default choices per execution (delay bounding). */
  preemptionBound?: number;
  /** Use the naive DFS instead (every enabled event at every state, no sleep sets): for comparison. */
  naive?: boolean;
}

export interface DporStats {
  /** Complete executions (= distinct traces). */
  explored: number;
  /** Executions abandoned because every enabled event was asleep. */
  blocked: number;
  /** One-step executions that learned a foreign branch's footprint (sharding). */
  probes: number;
  /** Root branching width (0 when the program has one schedule). */
  rootBranches: number;
  /** True when the search space was exhausted. */
  complete: boolean;
}

export interface DporExecution {
  /** Strategy to run this execution with (a fresh one per run). */
  strategy: Strategy;
  /** Canonical index of the root branch this execution lies in (-1 before the root). */
  branch(): number;
}

/** The exploration tree: call next() for each execution's strategy, then report(). */
export class DporTree {
  path: Node[] = [];
  private replayLen = 0;
  private pending: string | undefined;
  private probe = false;
  root = -1;
  stats: DporStats = { explored: 0, blocked: 0, probes: 0, rootBranches: 0, complete: false };
  private started = false;
  private finished = false;

  constructor(readonly opts: DporOptions = {}) {}

  private assigned(b: number): boolean {
    const n = this.path[this.root].enabled.length;
    return this.opts.branches ? this.opts.branches(b, n) : true;
  }

  /** The strategy of the next execution, or undefined when the exploration is complete. */
  next(): DporRun | undefined {
    if (this.finished) return undefined;
    if (this.started && !this.advance()) {
      this.finished = true;
      this.stats.complete = true;
      return undefined;
    }
    this.started = true;
    return new DporRun(this, this.prefix(), this.probe);
  }

  /** Canonical index of the current root branch. */
  branchOf(): number {
    if (this.root < 0 || this.root >= this.path.length) return -1;
    const r = this.path[this.root];
    return r.enabled.indexOf(r.chosen);
  }

  /** Record a finished execution: count it, find its races. */
  report(run: DporRun): "complete" | "blocked" | "probe" {
    if (run.diverged) {
      throw new UsageError(`the program is not deterministic: replaying a schedule prefix reached a different state at step ${run.steps.length} (${run.diverged}); DPOR needs a program whose only nondeterminism is the scheduler's (no Math.random, Date.now, timers)`);
    }
    if (run.isProbe) {
      this.stats.probes++;
      return "probe";
    }
    if (!this.opts.naive) this.analyze(run.steps);
    if (run.halted) {
      this.stats.blocked++;
      return "blocked";
    }
    this.stats.explored++;
    return "complete";
  }

  /** Move to the next execution: deepest node with an unexplored backtrack entry. */
  private advance(): boolean {
    for (let i = this.path.length - 1; i > this.root; i--) {
      const node = this.path[i];
      for (const k of node.backtrack) {
        if (node.done.has(k) || node.sleep.has(k)) continue;
        this.truncate(i, k, false);
        return true;
      }
    }
    if (this.root < 0 || this.root >= this.path.length) return false;
    // Next root branch, in canonical order; branches of other shards are probed (one step).
    const root = this.path[this.root];
    const n = root.enabled.length;
    const cur = root.enabled.indexOf(root.chosen);
    let lastAssigned = -1;
    for (let b = n - 1; b > cur; b--) {
      if (this.assigned(b)) {
        lastAssigned = b;
        break;
      }
    }
    if (lastAssigned < 0) return false;
    const b = cur + 1;
    this.truncate(this.root, root.enabled[b], !this.assigned(b));
    return true;
  }

  /**
   * The path the next execution follows before it explores: every step's event up to the node
   * backtracked to (a branch per step: DPOR asks at every step), then the pending event there.
   */
  private prefix(): Branch[] {
    const out: Branch[] = [];
    for (let k = 0; k < this.replayLen; k++) out.push(branchOfKey(k, this.path[k].chosen));
    if (this.pending !== undefined && this.path[this.replayLen]) out.push(branchOfKey(this.replayLen, this.pending));
    return out;
  }

  private truncate(i: number, key: string, probe: boolean): void {
    this.path.length = i + 1;
    this.replayLen = i;
    this.pending = key;
    this.probe = probe;
  }

  /** A new node at depth i (fresh part of an execution). */
  makeNode(i: number, enabled: SimEvent[], oldest: SimEvent, sleep: Map<string, Info>): Node {
    const keys = enabled.map((e) => e.key);
    const delays = i === 0 ? 0 : this.path[i - 1].delays + (this.path[i - 1].chosen !== this.path[i - 1].oldest ? 1 : 0);
    const node = new Node(keys, oldest.key, sleep, delays);
    if (this.root < 0 && keys.length > 1) {
      this.root = i;
      this.stats.rootBranches = keys.length;
      for (const k of keys) node.backtrack.add(k);
    }
    this.path[i] = node;
    return node;
  }

  /** The choice at a fresh node: the default (oldest) if awake, else the first awake; undefined when blocked. */
  freshChoice(i: number, node: Node): { key: string; probe: boolean } | undefined {
    if (i === this.root) {
      // Root: canonical order; the first assigned branch, probing the ones before it.
      const b = 0;
      return { key: node.enabled[b], probe: !this.assigned(b) };
    }
    if (this.opts.naive) {
      for (const k of node.enabled) node.backtrack.add(k);
      return { key: node.oldest, probe: false };
    }
    const awake = (k: string) => !node.sleep.has(k) && !node.done.has(k);
    let key: string | undefined;
    if (awake(node.oldest)) key = node.oldest;
    else key = node.enabled.find(awake);
    if (key === undefined) return undefined;
    const bound = this.opts.preemptionBound;
    if (bound !== undefined && key !== node.oldest && node.delays + 1 > bound) return undefined;
    node.backtrack.add(key);
    return { key, probe: false };
  }

  /** Sleep set of the node after `node` chose `info`. */
  childSleep(node: Node, info: Info): Map<string, Info> {
    const out = new Map<string, Info>();
    if (this.opts.naive) return out;
    for (const [k, q] of node.sleep) if (k !== info.key && independent(q, info)) out.set(k, q);
    for (const [k, q] of node.done) if (k !== info.key && independent(q, info)) out.set(k, q);
    return out;
  }

  /**
   * Race detection (source-DPOR): for each pair e_i, e_j in a race (dependent, e_i not a cause of
   * e_j, no other happens-before path between them), make sure the state before e_i explores some
   * initial of notdep(e_i).e_j.
   */
  private analyze(steps: Step[]): void {
    const n = steps.length;
    const W = (n + 31) >>> 5;
    const hb: Uint32Array[] = new Array(n);
    const has = (bs: Uint32Array, i: number) => (bs[i >>> 5] & (1 << (i & 31))) !== 0;
    const races: [number, number][] = [];
    for (let j = 0; j < n; j++) {
      const sj = steps[j];
      const cov = new Uint32Array(W);
      const causes = new Set(sj.causes);
      for (let i = j - 1; i >= 0; i--) {
        // Already ordered before j through a later step: neither a race nor a new edge.
        if (has(cov, i)) continue;
        const isCause = causes.has(i);
        if (!isCause && independent(steps[i].info, sj.info)) continue;
        if (!isCause && i > this.root) races.push([i, j]);
        const hi = hb[i];
        for (let w = 0; w < W; w++) cov[w] |= hi[w];
        cov[i >>> 5] |= 1 << (i & 31);
      }
      hb[j] = cov;
    }
    // A lock grant also races with the previous conflicting grant (same window and target, not
    // both shared) to another rank, although the release in between orders them: the other order
    // needs this rank to ask first (Flanagan–Godefroid).
    const grants: { at: number; marks: Touch[] }[] = [];
    for (let j = 0; j < n; j++) {
      const marks = steps[j].info.touches.filter(isAcquire);
      if (marks.length === 0) continue;
      for (let g = grants.length - 1; g >= 0; g--) {
        if (!conflicts(grants[g].marks, marks)) continue;
        const i = grants[g].at;
        if (i > this.root && rankOf(steps[i].info.key) !== rankOf(steps[j].info.key)) races.push([i, j]);
        break;
      }
      grants.push({ at: j, marks });
    }
    for (const [i, j] of races) this.backtrackFor(steps, hb, i, j);
    // An event that e_i disabled was enabled before e_i: it races with e_i even when it runs later
    // through a causal chain from e_i (a wildcard receive's other sender; another rank's lock grant).
    const bound = this.opts.preemptionBound;
    for (let i = this.root + 1; i < n; i++) {
      const node = this.path[i];
      if (!node) continue;
      for (const k of steps[i].info.disabled) {
        if (node.backtrack.has(k) || node.sleep.has(k) || !node.enabled.includes(k)) continue;
        if (bound !== undefined && k !== node.oldest && node.delays + 1 > bound) continue;
        node.backtrack.add(k);
      }
    }
  }

  private backtrackFor(steps: Step[], hb: Uint32Array[], i: number, j: number): void {
    const node = this.path[i];
    if (!node) return;
    const has = (bs: Uint32Array, x: number) => (bs[x >>> 5] & (1 << (x & 31))) !== 0;
    // v = notdep(e_i).e_j; its initials have no happens-before predecessor inside v.
    const v: number[] = [];
    for (let k = i + 1; k < j; k++) if (!has(hb[k], i)) v.push(k);
    v.push(j);
    const initials: string[] = [];
    for (let a = 0; a < v.length; a++) {
      const k = v[a];
      let first = true;
      for (let b = 0; b < a; b++) {
        if (has(hb[k], v[b])) {
          first = false;
          break;
        }
      }
      if (first) initials.push(steps[k].info.key);
    }
    for (const k of initials) if (node.backtrack.has(k) || node.sleep.has(k)) return;
    const enabled = new Set(node.enabled);
    let cands = initials.filter((k) => enabled.has(k));
    // Causes the footprints did not reveal: fall back to every enabled event (sound, less reduced).
    if (cands.length === 0) cands = node.enabled.filter((k) => !node.sleep.has(k));
    const bound = this.opts.preemptionBound;
    for (const k of cands) {
      if (bound !== undefined && k !== node.oldest && node.delays + 1 > bound) continue;
      node.backtrack.add(k);
      if (initials.includes(k)) return;
    }
  }
}

function rankOf(key: string): string {
  return key.split(":")[1];
}

/** The event branch of an event key ("resume:2:7", SimEvent.key). */
function branchOfKey(step: number, key: string): Branch {
  const [kind, rank, seq] = key.split(":");
  return eventBranch(step, { kind: EVENT_KIND_NAMES.indexOf(kind as never) as EventKind, rank: Number(rank), seq: Number(seq) });
}

/**
 * The Mazurkiewicz trace of an execution as text: its events and the order of every dependent
 * pair. Equal texts, equivalent executions (for brute-force counts in tests and the bench).
 */
export function traceClass(run: DporRun): string {
  const s = run.steps;
  const pairs: string[] = [];
  for (let j = 0; j < s.length; j++) {
    for (let i = 0; i < j; i++) if (!independent(s[i].info, s[j].info)) pairs.push(`${s[i].info.key}<${s[j].info.key}`);
  }
  return [...s.map((x) => x.info.key)].sort().join(",") + "|" + pairs.sort().join(",");
}

/** Run a whole DPOR exploration with `runOnce` (tests, bench and explore() use it). */
export async function dporAll(
  runOnce: (s: Strategy) => Promise<unknown>,
  opts: DporOptions & { limit?: number; onExecution?: (run: DporRun, kind: "complete" | "blocked" | "probe", result: unknown) => void } = {},
): Promise<DporStats> {
  const tree = new DporTree(opts);
  for (let run = tree.next(); run; run = tree.next()) {
    const result = await runOnce(run);
    const kind = tree.report(run);
    opts.onExecution?.(run, kind, result);
    if (opts.limit !== undefined && tree.stats.explored + tree.stats.blocked >= opts.limit) break;
  }
  return tree.stats;
}
