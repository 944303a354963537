// Preloaded by bench/run.ts into each command it times (`node -r bench/usage.cjs ...`): at exit, writes the process's
// CPU time and peak memory (RSS, worker threads included) to the file named by BENCH_USAGE_FILE. A parent cannot read
// these for a child it spawned synchronously, so the child reports them itself.
const { writeFileSync } = require("node:fs");

const file = process.env.BENCH_USAGE_FILE;
if (file) {
  process.on("exit", () => {
    const usage = process.resourceUsage();
    writeFileSync(file, JSON.stringify({ cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssKb: usage.maxRSS }));
  });
}
