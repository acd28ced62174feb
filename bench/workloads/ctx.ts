/** What every workload is given. */
export interface Ctx {
  /** A few seconds in all: tiny sizes, one sample; checks the bench code works, not the figures. */
  quick: boolean;
  /** Progress (stderr; stdout is reserved for the report). */
  log(msg: string): void;
}
