// Runs the project's TypeScript in plain Node: each .ts file is transpiled on load with esbuild (types are checked by
// `npm run typecheck`, not here). Only .ts files pass through it, so the Pulumi SDKs load at Node's own speed.
const { readFileSync } = require("node:fs");
const { transformSync } = require("esbuild");

require.extensions[".ts"] = (module, filename) => {
  const { code } = transformSync(readFileSync(filename, "utf8"), {
    loader: "ts",
    format: "cjs",
    target: "node20",
    sourcefile: filename,
    sourcemap: "inline",
  });
  module._compile(code, filename);
};
