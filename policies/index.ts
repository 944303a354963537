import { PolicyPack } from "@pulumi/policy";
import { policies } from "./pack";

// The pack's entry point: only assembles it. Constructing a PolicyPack starts the analyzer server, so tests never
// import this file; the rules live in ./rules and their adapters in ./pack.
new PolicyPack("launch-ready", { policies });
