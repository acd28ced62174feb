/**
 * What a checker keeps per request id, while the request is in flight. Request ids are the world's
 * counter (World.newRequestId): small integers, handed out in order, each rank's burst of requests
 * side by side. A Map of them — thousands live at once at scale, each set and deleted once per
 * message — spent its time rehashing tables full of deleted entries (garbage that outlived the
 * scavenger) and missing the cache on every lookup. Here an id indexes a page of 256 slots; a page
 * goes when its last entry does. Ids that are not such integers (a trace made by hand) go to a Map.
 */
const PAGE_BITS = 8;
const PAGE = 1 << PAGE_BITS;
const MASK = PAGE - 1;
/** Past this id (a page index array of 256 Ki slots) take the Map. */
const MAX_ID = 2 ** 26;

class Page<V> {
  readonly slots: (V | undefined)[] = new Array<V | undefined>(PAGE).fill(undefined);
  live = 0;
}

/** Whether an id goes to a page (a small non-negative integer), not to the Map. */
function paged(id: number): boolean {
  return id >= 0 && id <= MAX_ID && (id | 0) === id;
}

/** Emptied pages kept for reuse per table: ids move on, and a fresh page per 256 of them was garbage that outlived the scavenger. */
const SPARE = 8;

export class RequestTable<V> {
  private pages: (Page<V> | undefined)[] = [];
  private spare: Page<V>[] = [];
  private other: Map<number, V> | null = null;
  private count = 0;

  get size(): number {
    return this.count + (this.other === null ? 0 : this.other.size);
  }

  get(id: number): V | undefined {
    if (!paged(id)) return this.other?.get(id);
    const p = this.pages[id >>> PAGE_BITS];
    return p === undefined ? undefined : p.slots[id & MASK];
  }

  has(id: number): boolean {
    return this.get(id) !== undefined;
  }

  /** Set `id`'s value (never undefined). */
  set(id: number, v: V): void {
    if (!paged(id)) {
      (this.other ??= new Map()).set(id, v);
      return;
    }
    const n = id >>> PAGE_BITS;
    const pages = this.pages;
    // Fill the holes up to n: the pages array stays a packed array of objects and undefineds.
    while (pages.length <= n) pages.push(undefined);
    let p = pages[n];
    if (p === undefined) pages[n] = p = this.spare.pop() ?? new Page<V>();
    const i = id & MASK;
    if (p.slots[i] === undefined) {
      p.live++;
      this.count++;
    }
    p.slots[i] = v;
  }

  delete(id: number): void {
    if (!paged(id)) {
      this.other?.delete(id);
      return;
    }
    const n = id >>> PAGE_BITS;
    const p = this.pages[n];
    if (p === undefined) return;
    const i = id & MASK;
    if (p.slots[i] === undefined) return;
    p.slots[i] = undefined;
    this.count--;
    if (--p.live === 0) {
      this.pages[n] = undefined;
      // Every slot is undefined again: reusable as it is.
      if (this.spare.length < SPARE) this.spare.push(p);
    }
  }

  /** The values, in id order (then the Map's, in its order). */
  values(): V[] {
    const out: V[] = [];
    for (const p of this.pages) {
      if (p === undefined) continue;
      for (const v of p.slots) if (v !== undefined) out.push(v);
    }
    if (this.other !== null) for (const v of this.other.values()) out.push(v);
    return out;
  }
}
