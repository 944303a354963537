/**
 * Reading untyped resource properties: the engine hands policies plain JSON, so every reader narrows a value the same
 * way, and a wrong type reads as absent rather than throwing.
 */

/** The value when it is a string, else "". */
export const text = (value: unknown): string => (typeof value === "string" ? value : "");

/** The value when it is a non-empty string, else undefined. */
export const optionalText = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);

/** The strings of an array value; anything else reads as none. */
export const texts = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);

export const isRecord = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);

/** The value when it is an object (not an array), else an empty one. */
export const record = (value: unknown): Record<string, unknown> => (isRecord(value) ? value : {});
