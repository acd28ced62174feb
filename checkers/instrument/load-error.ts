/**
 * Why a program could not be loaded, as one line that names the user's file (never the cached
 * copy) and the cause: a syntax error (with line:column), a missing import, or an exception thrown
 * while its modules ran at top level. The CLI prints it and exits 2 (SPEC §6); load() rejects
 * with it.
 */
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { UsageError } from "../../core/errors.ts";
import { userMessage } from "../../core/instrument-runtime.ts";
import { userFrame } from "../../core/world.ts";
import { shownName, type GraphModule } from "./graph.ts";

interface LoadedGraph {
  modules: ReadonlyArray<Pick<GraphModule, "abs" | "shown" | "source" | "name">>;
}

export async function explainLoadError(e: unknown, graph: LoadedGraph): Promise<UsageError> {
  if (e instanceof UsageError) return e;
  const err = e instanceof Error ? e : new Error(String(e));
  const entry = graph.modules[0]!;
  const text = `${err.message}\n${err.stack ?? ""}`;
  // the module a message or stack names (by its cached copy or its own path); else the entry
  const named = graph.modules.find((m) => text.includes(`/${m.name}`)) ?? graph.modules.find((m) => text.includes(m.abs)) ?? entry;
  const show = (s: string) => userPaths(s, graph);

  const code = (err as NodeJS.ErrnoException).code;
  const missing = /Cannot find (module|package) '([^']+)' imported from '?([^'\n]+?)'?$/m.exec(err.message);
  if (code === "ERR_MODULE_NOT_FOUND" || missing !== null || /failed to (?:load|resolve) (?:url|import)/i.test(err.message)) {
    if (missing !== null) {
      const importer = moduleAt(missing[3]!, graph) ?? named;
      const [where, spec] = findSpecifier(importer, missing[1] === "package" ? missing[2]! : undefined, missing[2]!);
      return new UsageError(`${importer.shown}${where}: cannot find ${missing[1]} '${spec ?? show(missing[2]!)}'`);
    }
    return new UsageError(`${named.shown}: ${show(firstLine(err.message))}`);
  }

  // Node throws a SyntaxError; vite (vitest) a RolldownError "Parse failure"
  const parseFailure = e instanceof SyntaxError || /\bparse failure\b|syntaxerror/i.test(`${err.name} ${err.message}`);
  if (parseFailure) {
    // Node does not say where a module failed to parse; TypeScript's grammar checks usually can.
    const { grammarError } = await import("./project.ts");
    for (const m of [named, ...graph.modules.filter((x) => x !== named)]) {
      const where = grammarError(m.source, m.shown);
      if (where) return new UsageError(`${m.shown}:${where[0]}:${where[1]}: ${where[2]}`);
    }
    if (userFrame(err) === undefined) return new UsageError(`${named.shown}: ${show(firstLine(err.message))}`);
  }

  // it ran and threw at top level (of the program or of a module it imports)
  const frame = userFrame(err);
  const where = frame === undefined ? named.shown : `${show(frame.file)}:${frame.line}:${frame.column}`;
  return new UsageError(`${where}: ${err.name}: ${show(userMessage(firstLine(err.message)))} (thrown while loading ${entry.shown})`);
}

function firstLine(s: string): string {
  return s.split("\n").find((l) => l.trim() !== "")?.trim() ?? s;
}

/** The graph module a path or URL names (its cached copy or its own file). */
function moduleAt(pathOrUrl: string, graph: LoadedGraph) {
  const p = pathOrUrl.startsWith("file:") ? fileURLToPath(pathOrUrl) : pathOrUrl;
  return graph.modules.find((m) => p === m.abs || p.endsWith(`/${m.name}`));
}

/** Cached copies and absolute paths inside a message, as the user's names. */
function userPaths(s: string, graph: LoadedGraph): string {
  return s.replace(/(?:file:\/\/)?(\/[^\s'"():]+)/g, (whole, p: string) => {
    const m = moduleAt(p, graph);
    if (m !== undefined) return m.shown;
    return whole.startsWith("file:") || p.startsWith("/") ? shownName(p) : whole;
  });
}

/**
 * Where the importer's source names what could not be found, as [":line:col", the specifier as
 * written]: a package by its name, a file by what its path-like specifier resolves to.
 */
function findSpecifier(m: Pick<GraphModule, "abs" | "source">, pkg: string | undefined, target: string): [string, string | undefined] {
  const abs = target.startsWith("file:") ? fileURLToPath(target) : target;
  const re = /(["'])([^"'\n]+)\1/g;
  for (let match = re.exec(m.source); match !== null; match = re.exec(m.source)) {
    const spec = match[2]!;
    const hit = pkg !== undefined ? spec === pkg || spec.startsWith(`${pkg}/`) : /^\.{0,2}\//.test(spec) && resolve(dirname(m.abs), spec) === abs;
    if (!hit) continue;
    const before = m.source.slice(0, match.index);
    return [`:${before.split("\n").length}:${match.index - before.lastIndexOf("\n")}`, spec];
  }
  return ["", undefined];
}
