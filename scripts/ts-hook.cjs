// Runs the project's TypeScript in plain Node: each .ts file is transpiled on load with esbuild (types are checked by
// `npm run typecheck`, not here). Only .ts files pass through it, so the Pulumi SDKs load at Node's own speed.
// Transpiled files are cached by content hash under node_modules/.cache, so a second run transpiles nothing.
const { createHash } = require("node:crypto");
const { mkdirSync, readFileSync, renameSync, writeFileSync } = require("node:fs");
const { join } = require("node:path");
// esbuild itself is loaded only on a cache miss.
const ESBUILD_VERSION = require("esbuild/package.json").version;

const CACHE_DIR = join(__dirname, "..", "node_modules", ".cache", "launch-ready-ts");

// Node's own compile cache (Node 22.1+) keeps the compiled code of every module loaded after this point, the Pulumi
// SDKs' included, so a second run skips compiling them. A folder it cannot write just leaves it off.
require("node:module").enableCompileCache?.(join(__dirname, "..", "node_modules", ".cache", "launch-ready-node"));
const OPTIONS = { loader: "ts", format: "cjs", target: "node20", sourcemap: "inline" };

function transpile(source, filename) {
  const key = createHash("sha256").update(`${ESBUILD_VERSION}\0${filename}\0${source}`).digest("hex");
  const cached = join(CACHE_DIR, `${key}.js`);
  try {
    return readFileSync(cached, "utf8");
  } catch {
    const { code } = require("esbuild").transformSync(source, { ...OPTIONS, sourcefile: filename });
    try {
      mkdirSync(CACHE_DIR, { recursive: true });
      const partial = `${cached}.${process.pid}`;
      writeFileSync(partial, code);
      renameSync(partial, cached);
    } catch {
      // A read-only checkout still runs; it just transpiles every time.
    }
    return code;
  }
}

require.extensions[".ts"] = (module, filename) => {
  module._compile(transpile(readFileSync(filename, "utf8"), filename), filename);
};
