import { Launch } from "./components/launch";
import { loadConfig } from "./config";

// The Pulumi entry point: config → components → stack outputs. Exported as a function so the offline plan can run
// the same program once per stack in one process.
export = async () => new Launch("launch", { config: await loadConfig() }).outputs;
