/**
 * Source instrumentation: the compile-time half of what lets checkers see a program's local loads
 * and stores (the runtime half is core/instrument-runtime.ts).
 */
export { instrumentSource, TRANSFORM_VERSION, type InstrumentOptions, type InstrumentResult } from "./transform.ts";
export {
  loadProgram,
  programFromFunction,
  instrumentToCache,
  defaultCacheDir,
  type LoadOptions,
  type FunctionProgramOptions,
  type CachedModule,
} from "./loader.ts";
export { mpisimPlugin, DEFAULT_INCLUDE, type MpisimPluginOptions, type MpisimVitePlugin } from "./vite-plugin.ts";
