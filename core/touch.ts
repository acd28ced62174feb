/**
 * What an event touches, DPOR's dependency relation: declared by the events' owners
 * (core/footprint-decl.ts) and recorded by the world. A module of its own, with no imports, so
 * that the declarations load without the world (`mpisim list` loads neither).
 */

/**
 * How an event touches an object (see World.touch): reads commute with reads, adds (commutative
 * updates: "one more request completed", "one more message queued") with adds; all else conflicts.
 */
export const TouchMode = { Read: 0, Write: 1, Add: 2 } as const;
export type TouchMode = (typeof TouchMode)[keyof typeof TouchMode];

/** One object (byte range [lo, hi) of it) that a firing event touched: DPOR's dependency relation. */
export interface Touch {
  obj: string;
  mode: TouchMode;
  lo: number;
  hi: number;
  /** Touches of one group never conflict with each other (the joins of one collective: core/collective.ts). */
  group?: string;
}
