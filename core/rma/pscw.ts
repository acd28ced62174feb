/**
 * Generalised active target synchronisation (MPI 4.1 §12.5.2) as four counters per
 * (origin, target) pair: the k-th Start of an origin that names a target matches that target's
 * k-th Post naming the origin; the target's k-th Wait needs the origin's k-th Complete.
 */
export class PscwCounters {
  private posts = new Map<number, number>();
  private starts = new Map<number, number>();
  private completes = new Map<number, number>();
  private waits = new Map<number, number>();
  constructor(private readonly size: number) {}

  private key(a: number, b: number): number {
    return a * this.size + b;
  }
  private get(m: Map<number, number>, a: number, b: number): number {
    return m.get(this.key(a, b)) ?? 0;
  }
  private inc(m: Map<number, number>, a: number, b: number): void {
    const k = this.key(a, b);
    m.set(k, (m.get(k) ?? 0) + 1);
  }

  post(target: number, origin: number): void {
    this.inc(this.posts, target, origin);
  }
  /** Has `target` posted the exposure epoch this origin's next Start will match? */
  posted(origin: number, target: number): boolean {
    return this.get(this.posts, target, origin) > this.get(this.starts, origin, target);
  }
  start(origin: number, target: number): void {
    this.inc(this.starts, origin, target);
  }
  complete(origin: number, target: number): void {
    this.inc(this.completes, origin, target);
  }
  /** Has `origin` completed the access epoch this target's next Wait waits for? */
  completed(target: number, origin: number): boolean {
    return this.get(this.completes, origin, target) > this.get(this.waits, target, origin);
  }
  wait(target: number, origin: number): void {
    this.inc(this.waits, target, origin);
  }
}
