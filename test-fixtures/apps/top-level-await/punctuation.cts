// A CommonJS TypeScript file (.cts) imported by name from the ESM-loaded graph: it stays CommonJS.
export const punctuation: string = typeof __dirname === "string" ? "!" : "?";
