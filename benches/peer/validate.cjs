#!/usr/bin/env node
// The benchmarks' peer: what a JavaScript tool pays to read and schema-check a plan in
// one process. Every *.yaml / *.yml file under PLANS is parsed with js-yaml (all of its
// documents, YAML 1.2 core schema, so dates stay strings) and each document is validated
// by one compiled Ajv validator of SCHEMA (the repository's schema/plan.schema.json,
// draft-07) with ajv-formats. No references, no rules: parsing and the schema only.
//
// usage: node benches/peer/validate.cjs SCHEMA PLANS
//        (ajv@8, ajv-formats@3 and js-yaml@4 on NODE_PATH; benches/check.sh installs them)
//
// Prints `file#document: /pointer message` per schema error and a count on stderr; exits
// 1 when a document is invalid, 2 on a usage or parse error.
"use strict";

const fs = require("node:fs");
const path = require("node:path");
const yaml = require("js-yaml");
const Ajv = require("ajv").default;
const addFormats = require("ajv-formats").default;

function main(argv) {
  if (argv.length !== 2) {
    process.stderr.write("usage: node validate.cjs SCHEMA PLANS\n");
    return 2;
  }
  const [schemaFile, plans] = argv;
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(fs.readFileSync(schemaFile, "utf8")));

  const files = [];
  const collect = (dir) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) collect(full);
      else if (entry.isFile() && /\.ya?ml$/.test(entry.name)) files.push(full);
    }
  };
  collect(plans);
  files.sort();

  let documents = 0;
  let invalid = 0;
  const out = [];
  for (const file of files) {
    let docs;
    try {
      docs = yaml.loadAll(fs.readFileSync(file, "utf8"), null, { schema: yaml.CORE_SCHEMA, filename: file });
    } catch (err) {
      process.stderr.write(`${file}: ${err.message}\n`);
      return 2;
    }
    docs.forEach((doc, index) => {
      if (doc === null || doc === undefined) return; // an empty document
      documents += 1;
      if (validate(doc)) return;
      invalid += 1;
      for (const e of validate.errors) {
        // The dispatch on `kind` reports its failing branch as well; the cause is enough.
        if (e.keyword === "if") continue;
        out.push(`${file}#${index}: ${e.instancePath || "/"} ${e.message}`);
      }
    });
  }
  if (out.length) process.stdout.write(out.join("\n") + "\n");
  process.stderr.write(`peer: ${files.length} files, ${documents} documents, ${invalid} invalid\n`);
  return invalid ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
