// Copies bearing's JSON Schemas (../../schema) into the extension before packaging, so
// that the .vsix carries the schemas of the bearing it was built with.
'use strict';

const fs = require('fs');
const path = require('path');

const from = path.join(__dirname, '..', '..', '..', 'schema');
const to = path.join(__dirname, '..', 'schemas');
fs.mkdirSync(to, { recursive: true });
const names = fs.readdirSync(from).filter((name) => name.endsWith('.schema.json'));
if (!names.includes('plan.schema.json') || !names.includes('bearing.schema.json')) {
  throw new Error(`no plan or configuration schema in ${from}`);
}
for (const name of names) {
  fs.copyFileSync(path.join(from, name), path.join(to, name));
}
console.log(`copied ${names.length} schemas to ${to}`);
