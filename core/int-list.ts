/**
 * A list of small integers that never gives its storage back: removing and adding the same rank
 * again and again allocates nothing (an array emptied by `length = 0` or splice() does). For
 * lists emptied and refilled all the time: the lock table's holders and waiters
 * (core/rma/locks.ts), the ranks the no-progress checker sees spinning.
 */
export class IntList {
  private items: number[] = [];
  length = 0;

  at(i: number): number {
    return this.items[i];
  }

  indexOf(x: number): number {
    for (let i = 0; i < this.length; i++) if (this.items[i] === x) return i;
    return -1;
  }

  push(x: number): void {
    if (this.length < this.items.length) this.items[this.length] = x;
    else this.items.push(x);
    this.length++;
  }

  /** Remove one `x`: keeping the order, or by moving the last element into its place. */
  remove(x: number, keepOrder: boolean): void {
    const i = this.indexOf(x);
    if (i < 0) return;
    const a = this.items;
    const n = --this.length;
    if (keepOrder) for (let j = i; j < n; j++) a[j] = a[j + 1];
    else a[i] = a[n];
  }

  /** Empty the list, keeping its storage. */
  clear(): void {
    this.length = 0;
  }

  toArray(): number[] {
    return this.items.slice(0, this.length);
  }
}
