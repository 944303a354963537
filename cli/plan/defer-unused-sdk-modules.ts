import Module from "node:module";
import { dirname, join } from "node:path";

/**
 * Defers two libraries the Pulumi SDK loads at start-up but needs only to serialize a function into a deployable
 * closure (`pulumi.runtime.serializeFunction`, `computeCodePaths`): the TypeScript compiler (through the SDK's
 * typescript-shim) and npm's @npmcli/arborist. No program of this project calls either, yet loading them is a third
 * of the time the SDK takes to load (about 450 of the 1,120 modules). Each is put in Node's require cache as a stand-in
 * that loads the real module the first time anything reads from it, so a program that does serialize a closure still
 * gets the real thing. Imported first by every entry point that runs the program (the plan, its workers, the mail
 * proof), before the SDK loads. Written here: lazy-loading libraries (import-lazy and the like) wrap one's own
 * require calls, and these are the SDK's.
 */

const sdkDir = dirname(require.resolve("@pulumi/pulumi"));
/** Where a module is, or nothing if another SDK version has moved it (then it loads as usual: only slower). */
function located(id: string, from: string): string[] {
  try {
    return [require.resolve(id, { paths: [from] })];
  } catch {
    return [];
  }
}
const DEFERRED = [
  // parseFunction.js requires the shim at load and reads from it only when it parses a function.
  ...located("./typescript-shim", sdkDir),
  // codePaths.js imports arborist with TypeScript's __importStar and constructs arborist.Arborist only when called.
  ...located("@npmcli/arborist", join(sdkDir, "runtime", "closure")),
];

/**
 * A stand-in for the module at `file`: every read loads the real module once and reads from it. It says it is an ES
 * module, so TypeScript's __importStar hands it over as it is instead of copying (and so loading) every export.
 */
function deferredExports(file: string): object {
  let real: Record<PropertyKey, unknown> | undefined;
  const load = (): Record<PropertyKey, unknown> => {
    if (real === undefined) {
      delete require.cache[file];
      real = require(file) as Record<PropertyKey, unknown>;
    }
    return real;
  };
  return new Proxy(
    {},
    {
      get: (_target, key) => (key === "__esModule" ? true : load()[key]),
      has: (_target, key) => key in load(),
      ownKeys: () => Reflect.ownKeys(load()),
      getOwnPropertyDescriptor: (_target, key) => {
        const descriptor = Reflect.getOwnPropertyDescriptor(load(), key);
        // A proxy may not report a property of its (empty) target as non-configurable.
        return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
      },
    },
  );
}

const standIns = new WeakSet<object>();

/** The deferred modules whose real code has not been loaded yet (the test that a plan needs none of it reads this). */
export function stillDeferred(): string[] {
  return DEFERRED.filter((file) => {
    const exports: unknown = require.cache[file]?.exports;
    return typeof exports === "object" && exports !== null && standIns.has(exports);
  });
}

for (const file of DEFERRED) {
  // Only when nothing has loaded it yet: a real module already in use stays as it is.
  if (require.cache[file] !== undefined) continue;
  const stand = new Module(file);
  stand.filename = file;
  stand.loaded = true;
  const exports = deferredExports(file);
  stand.exports = exports;
  standIns.add(exports);
  require.cache[file] = stand;
}
