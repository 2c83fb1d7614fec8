// ESLint for Stepwise's own code (`npm run lint:code`, part of `npm test`). Not to be confused with
// eslint-plugin/, the Inngest rules Stepwise ships to its users.
//
// ESLint's and typescript-eslint's recommended rules, and two type-aware rules that catch promises
// nobody handles: a floating promise loses its error (Node ends the process on an unhandled
// rejection) and runs out of order; an async callback where a void one is expected (an event
// listener, a DebugSession request handler, a timer) does the same with nobody to see it.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  {
    // test-fixtures/ is deliberately wrong code: the inputs of Stepwise's own lint rules and broken apps.
    ignores: ["dist/**", "node_modules/**", "test-fixtures/**", "test-results/**", ".stepwise/**"],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  {
    languageOptions: {
      parserOptions: {
        // tsconfig.json covers the TypeScript; the build script at the root is typed on its own.
        projectService: { allowDefaultProject: ["*.mjs"] },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": [
        "error",
        // node:test's test()/describe() return promises the runner itself awaits (and reports); the
        // subtests of a test context (t.test) are not in this list and must be awaited.
        { allowForKnownSafeCalls: [{ from: "package", package: "node:test", name: ["test", "it", "describe", "suite"] }] },
      ],
      "@typescript-eslint/no-misused-promises": "error",
      // `const { id: _id, ...rest } = x` is how we drop a field from a copy.
      "@typescript-eslint/no-unused-vars": ["error", { ignoreRestSiblings: true }],
      // package.json is required for its version where it is needed (esbuild inlines it either way).
      "@typescript-eslint/no-require-imports": ["error", { allow: ["/package\\.json$"] }],
    },
  },
  {
    // Lint case tables are found by file name and must load synchronously (node:test registers the
    // cases as it reads them, and these modules are CommonJS); the bench loads the ESLint plugins it
    // measures only when that part runs, and @inngest/eslint-plugin has no types.
    files: ["test/lint-eslint-plugin.test.ts", "test/lint-fixes.test.ts", "test/lint-rules.test.ts", "bench/lint.bench.ts"],
    rules: { "@typescript-eslint/no-require-imports": "off" },
  },
  {
    files: ["**/*.mjs"],
    languageOptions: { globals: { process: "readonly", console: "readonly" } },
  },
);
