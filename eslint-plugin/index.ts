// `stepwise/eslint-plugin`: Stepwise's lint rules in ESLint (flat config), run by the same engine
// as `stepwise lint` and the editor, so ESLint reports the same findings.
//
//   // eslint.config.js
//   import tseslint from "typescript-eslint";
//   import stepwise from "stepwise/eslint-plugin";
//   export default [
//     { files: ["**/*.ts"], languageOptions: { parser: tseslint.parser } },
//     stepwise.configs.recommended, // every rule: errors as "error", warnings and advisories as "warn"
//   ];
import type { ESLint, Linter, Rule as ESLintRule } from "eslint";
import { allRules } from "../lint/rules";
import { toEslintRule } from "./eslint-rule";

const { version } = require("../package.json") as { version: string };

const rules: Record<string, ESLintRule.RuleModule> = Object.fromEntries(allRules.map((rule) => [rule.id, toEslintRule(rule)]));

const plugin = {
  meta: { name: "stepwise", version },
  rules,
  configs: {} as { recommended: Linter.Config },
} satisfies ESLint.Plugin;

plugin.configs.recommended = {
  name: "stepwise/recommended",
  plugins: { stepwise: plugin },
  rules: Object.fromEntries(allRules.map((rule) => [`stepwise/${rule.id}`, rule.severity === "error" ? "error" : "warn"])),
};

export = plugin;
