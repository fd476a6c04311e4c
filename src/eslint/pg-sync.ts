/**
 * Makes libpg-query usable synchronously from the moment this module has been
 * evaluated, because ESLint rules are synchronous and ESLint 8 loads a plugin
 * and lints the first file in one synchronous run (no microtask checkpoint in
 * between, so no promise can settle).
 *
 * libpg-query's `index.cjs` instantiates its emscripten module at load time,
 * asynchronously, and keeps it in a private variable that `parseSync`,
 * `scanSync` and `fingerprintSync` read. Before anything loads `index.cjs`, this
 * module puts a stand-in for its emscripten glue (`libpg-query.js`) into
 * `require.cache`:
 *
 *  1. the real glue is evaluated in a `vm` context whose microtask queue is
 *     drained when the evaluating script returns (`microtaskMode: 'afterEvaluate'`);
 *  2. its factory is called with `instantiateWasm`, which compiles and
 *     instantiates the .wasm bytes synchronously (`new WebAssembly.Module` /
 *     `new WebAssembly.Instance`, allowed for any size in Node); the factory's
 *     remaining `await`s are microtasks of that context, so the runtime has
 *     started (`onRuntimeInitialized`) by the time `runInContext` returns;
 *  3. the cached stand-in's factory returns a thenable that hands the ready
 *     module to `index.cjs`'s `.then(module => wasmModule = module)` at once.
 *
 * So `index.cjs`, evaluated later as a dependency of `src/parse`, starts with its
 * module ready. This file must be imported before anything that imports
 * `src/parse` (first import of src/eslint/index.ts and pipeline.ts), and it
 * imports nothing but Node built-ins.
 *
 * If libpg-query was already loaded by someone else in this process (an
 * integration that imported sqlwarden's API first), the stand-in is too late;
 * `pgReady()` then probes the library, and until it has finished loading on its
 * own, Postgres fragments come back as parse errors (reported, not silent).
 */
import { readFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';

const require = createRequire(import.meta.url);

/** How libpg-query became (or did not become) ready. */
export type PgLoadState = 'sync' | 'preloaded' | 'failed';

/** The part of the WebAssembly JS API used here (lib ES2023 has no WebAssembly types). */
interface WasmInstance {
  exports: Record<string, unknown>;
}
interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object, imports: object) => WasmInstance;
}
const Wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface EmscriptenArg {
  instantiateWasm(imports: object, receive: (instance: WasmInstance, module: object) => void): Record<string, unknown>;
  onRuntimeInitialized(): void;
  [key: string]: unknown;
}

let state: PgLoadState;
let failure: string | undefined;
let probed = false;

function instantiateSync(gluePath: string): EmscriptenArg {
  const bytes = readFileSync(path.join(path.dirname(gluePath), 'libpg-query.wasm'));
  const moduleObject = { exports: {} as unknown };
  const sandbox: Record<string, unknown> = {
    require,
    module: moduleObject,
    exports: moduleObject.exports,
    __dirname: path.dirname(gluePath),
    __filename: gluePath,
    process,
    console,
    Buffer,
    URL,
    TextDecoder,
    crypto: globalThis.crypto,
    performance,
    setTimeout,
    clearTimeout,
  };
  const context = vm.createContext(sandbox, { microtaskMode: 'afterEvaluate', name: 'libpg-query (sqlwarden eslint plugin)' });
  vm.runInContext(readFileSync(gluePath, 'utf8'), context, { filename: gluePath });
  let initialised = false;
  const arg: EmscriptenArg = {
    instantiateWasm(imports, receive) {
      const compiled = new Wasm.Module(bytes);
      const instance = new Wasm.Instance(compiled, imports);
      receive(instance, compiled);
      return instance.exports;
    },
    onRuntimeInitialized() {
      initialised = true;
    },
  };
  sandbox.__sqlwardenArg = arg;
  // The factory's microtasks run before runInContext returns (afterEvaluate).
  vm.runInContext('void (module.exports.default || module.exports)(__sqlwardenArg);', context);
  if (!initialised || typeof arg._malloc !== 'function') throw new Error('the emscripten runtime did not start synchronously');
  // Emscripten's factory resolves with its argument: the argument is the module.
  return arg;
}

function install(): void {
  let indexPath: string;
  try {
    indexPath = require.resolve('libpg-query');
  } catch (error) {
    state = 'failed';
    failure = `libpg-query not found: ${(error as Error).message}`;
    return;
  }
  const gluePath = path.join(path.dirname(indexPath), 'libpg-query.js');
  // index.cjs may already be in require.cache without having run: Node's ESM
  // loader pre-parses CommonJS dependencies while linking. It requires the glue
  // first thing when it runs, so a cached glue means it is too late.
  if (require.cache[gluePath]) {
    state = 'preloaded';
    return;
  }
  try {
    const ready = instantiateSync(gluePath);
    const factory = Object.assign(
      // A thenable that calls back at once: index.cjs stores the module synchronously.
      () => ({ then: (onReady: (m: unknown) => unknown) => Promise.resolve(onReady(ready)) }),
      { default: undefined as unknown },
    );
    factory.default = factory;
    const stand = new Module(gluePath);
    stand.filename = gluePath;
    stand.loaded = true;
    stand.exports = factory;
    require.cache[gluePath] = stand;
    state = 'sync';
  } catch (error) {
    state = 'failed';
    failure = (error as Error).message;
  }
}

install();

export function pgLoadState(): { state: PgLoadState; failure?: string } {
  return { state, ...(failure ? { failure } : {}) };
}

/** True when libpg-query's synchronous functions work now. */
export function pgReady(): boolean {
  if (state === 'sync' || probed) return true;
  try {
    (require('libpg-query') as { scanSync(sql: string): unknown }).scanSync('SELECT 1');
    probed = true;
  } catch {
    return false;
  }
  return true;
}
