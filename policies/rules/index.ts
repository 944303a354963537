import { noPlaintextSecrets } from "./no-plaintext-secrets";
import type { Rule } from "./types";
import { zoneProtected } from "./zone-protected";

/** Every rule of the pack, in report order. The pack and the offline plan both evaluate exactly this list. */
export const rules: readonly Rule[] = [zoneProtected, noPlaintextSecrets];
