import type { Node } from "ts-morph";

/** The rules `mpisim lint` checks, by the name printed in each finding. */
export type RuleName =
  | "unawaited-promise"
  | "unfreed-resource"
  | "rank-dependent-collective"
  | "rma-outside-epoch"
  | "window-access-in-epoch"
  | "get-before-complete";

export interface Finding {
  file: string;
  line: number;
  column: number;
  rule: RuleName;
  message: string;
}

/** A rule reports through this: node gives the position, the file name is the one the user typed. */
export type Report = (node: Node, rule: RuleName, message: string) => void;

/** `file:line:column: rule: message` (one line per finding). */
export function formatFinding(f: Finding): string {
  return `${f.file}:${f.line}:${f.column}: ${f.rule}: ${f.message}`;
}
