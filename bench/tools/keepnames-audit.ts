/**
 * Which closures cost a `__name()` call every time they are created?
 *
 *   node --import tsx bench/tools/keepnames-audit.ts core scheduler checkers
 *
 * tsx transpiles with esbuild's keepNames, which wraps every arrow function that gets its name
 * from a `const x = () => …`, an `x = () => …` or an object-literal property `{ ready: () => … }`
 * in `__name(fn, "ready")`: an Object.defineProperty on the new closure, about 400 ns each on
 * node 20 — more than a whole simulated MPI call costs without it. Methods (`{ ready() {…} }`),
 * class members, callbacks passed as arguments and `obj.prop = () => …` are not wrapped.
 * This lists the wrapped closures that are created inside a function body (per call), so hot
 * paths can be checked; module-level ones are created once and are harmless.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { transformSync } from "esbuild";

function files(dir: string): string[] {
  if (!statSync(dir).isDirectory()) return [dir];
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...files(p));
    else if (p.endsWith(".ts") && !p.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

const roots = process.argv.slice(2);
if (roots.length === 0) {
  process.stderr.write("usage: node --import tsx bench/tools/keepnames-audit.ts DIR...\n");
  process.exit(2);
}
let total = 0;
for (const root of roots) {
  for (const file of files(root)) {
    const { code } = transformSync(readFileSync(file, "utf8"), { loader: "ts", keepNames: true, format: "esm", target: "node20" });
    const lines = code.split("\n");
    lines.forEach((line, i) => {
      // Indented: inside a function or class body, so created per call rather than once.
      if (/^\s+/.test(line) && /__name\((\(|async\b|function\b|[A-Za-z_$][\w$]*\s*=>)/.test(line)) {
        process.stdout.write(`${relative(process.cwd(), file)} (transpiled line ${i + 1}): ${line.trim().slice(0, 110)}\n`);
        total++;
      }
    });
  }
}
process.stdout.write(`${total} per-call __name-wrapped closures\n`);
