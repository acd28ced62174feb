/** What every workload is given. */
export interface Ctx {
  /** A few seconds in all: tiny sizes, one sample; checks the bench code works, not the figures. */
  quick: boolean;
  /** Progress (stderr; stdout is reserved for the report). */
  log(msg: string): void;
  /** performance.now() by which the whole bench should be done (issue #8: under 10 minutes). */
  deadline: number;
}
