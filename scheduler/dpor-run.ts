import { EVENT_KIND_NAMES, EventKind, type EnabledSet, type SimEvent } from "../core/events.ts";
import type { World } from "../core/world.ts";
import { beginFootprint, endFootprint } from "./footprint.ts";
import { PathCursor, type Branch } from "./path.ts";
import type { RunInfo, Strategy } from "./strategy.ts";
import type { DporTree, Info, Node, Step } from "./dpor.ts";

/** The strategy of one DPOR execution. */
export class DporRun implements Strategy {
  readonly name = "dpor";
  readonly everyStep = true;
  halted = false;
  diverged: string | undefined;
  isProbe: boolean;
  readonly steps: Step[] = [];
  /** The enabled events when the step was chosen, and the newest enabling stamp among them. */
  private before: SimEvent[] = [];
  private beforeStamp = -1;
  private node: Node | undefined;
  private lastEnabled = new Map<string, number>();
  private lastResume = new Map<number, number>();
  private creators = new Map<string, number>();
  private stopAfter = false;

  /** The prefix this execution replays (path.ts's cursor; past its end DPOR explores). */
  private readonly prefix: PathCursor;
  /** The step of the prefix's last branch: a probe stops after it. */
  private readonly prefixEnd: number;

  constructor(
    private tree: DporTree,
    prefix: Branch[],
    probe: boolean,
  ) {
    this.prefix = new PathCursor(prefix);
    this.prefixEnd = this.prefix.end;
    this.isProbe = probe;
  }

  /** Footprints are collected at every step: the world must watch user memory from the start. */
  begin(run: RunInfo): void {
    run.world.collectsFootprints = true;
  }

  choose(enabled: EnabledSet, world: World): SimEvent {
    const i = this.steps.length;
    const items = enabled.items;
    if (this.stopAfter) {
      this.halted = true;
      return items[0];
    }
    const tree = this.tree;
    let node = tree.path[i];
    let key: string;
    const b = this.prefix.at(i);
    if (b !== undefined && node) {
      key = `${EVENT_KIND_NAMES[b.kind]}:${b.rank}:${b.seq}`;
      if (i === this.prefixEnd && this.isProbe) this.stopAfter = true;
    } else {
      const canon = enabled.canonical();
      const sleep = i === 0 ? new Map<string, Info>() : this.childSleepOfPrev(i);
      node = tree.makeNode(i, canon, enabled.oldest()!, sleep);
      const c = tree.freshChoice(i, node);
      if (c === undefined) {
        this.halted = true;
        return items[0];
      }
      key = c.key;
      if (c.probe) {
        this.isProbe = true;
        this.stopAfter = true;
      }
    }
    this.node = node;
    let ev: SimEvent | undefined;
    for (const e of items) if (e.key === key) ev = e;
    if (ev === undefined) {
      this.diverged = `event ${key} is not enabled`;
      this.halted = true;
      return items[0];
    }
    node.chosen = key;
    this.snapshot(items);
    beginFootprint(world, ev);
    return ev;
  }

  private snapshot(items: readonly SimEvent[]): void {
    this.before = items.slice();
    let m = -1;
    for (const e of items) if (e.stamp > m) m = e.stamp;
    this.beforeStamp = m;
  }

  private childSleepOfPrev(i: number): Map<string, Info> {
    const parent = this.tree.path[i - 1];
    return this.tree.childSleep(parent, this.steps[i - 1].info);
  }

  fired(ev: SimEvent, world: World): void {
    const touches = endFootprint(world, ev);
    const i = this.steps.length;
    // Events enabled before and not after (firing ev disabled them), and events enabled by it, by
    // key; the enabled set's positions and stamps find the few candidates without building sets.
    const after = world.enabled.items;
    let afterKeys: Set<string> | undefined;
    let beforeKeys: Set<string> | undefined;
    const disabled = new Set<string>();
    for (const e of this.before) {
      if (e === ev || e.pos >= 0) continue;
      afterKeys ??= new Set(after.map((a) => a.key));
      if (e.key !== ev.key && !afterKeys.has(e.key)) disabled.add(e.key);
    }
    const enabledNow: string[] = [];
    for (const e of after) {
      if (e.stamp <= this.beforeStamp) continue;
      beforeKeys ??= new Set(this.before.map((b) => b.key));
      if (!beforeKeys.has(e.key)) enabledNow.push(e.key);
    }
    const causes: number[] = [];
    const en = this.lastEnabled.get(ev.key);
    if (en !== undefined) causes.push(en);
    if (ev.kind === EventKind.Resume) {
      const prev = this.lastResume.get(ev.rank);
      if (prev !== undefined) causes.push(prev);
      this.lastResume.set(ev.rank, i);
    } else if (ev.kind === EventKind.Deliver) {
      const c = this.creators.get(`msg:${ev.rank}:${ev.seq}`);
      if (c !== undefined) causes.push(c);
    }
    for (const t of touches) if (t.obj.startsWith("msg:") && !this.creators.has(t.obj)) this.creators.set(t.obj, i);
    for (const k of enabledNow) this.lastEnabled.set(k, i);
    const info: Info = { key: ev.key, touches, disabled };
    this.steps.push({ info, causes });
    const node = this.node;
    if (node && node.chosen === ev.key && !node.done.has(ev.key)) node.done.set(ev.key, info);
    this.node = undefined;
  }
}
