// Shrinks a disagreement between vouch and the oracle to a minimal case.
//
//   node tools/oracle/minimize.mjs --vouch PATH DISAGREEMENTS.jsonl [ID...]
//
// Reads the disagreements differential.mjs wrote (all of them, or those with the given ids) and,
// for each, greedily deletes policies, statements, list entries, condition operators and keys and
// context keys while vouch and the oracle still disagree the same way. Prints each minimal case
// as one JSON line with both decisions.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { decide } from './oracle.mjs';

const args = process.argv.slice(2);
const vouch = resolve(args[args.indexOf('--vouch') + 1]);
const rest = args.filter((a, i) => a !== '--vouch' && args[i - 1] !== '--vouch');
const [file, ...ids] = rest;
const dir = mkdtempSync(join(tmpdir(), 'vouch-minimize-'));

function vouchDecision(c) {
  const f = join(dir, 'case.jsonl');
  writeFileSync(f, JSON.stringify(c) + '\n');
  const r = spawnSync(vouch, ['simulate', '--cases', f], { encoding: 'utf8' });
  try {
    const x = JSON.parse(r.stdout.split('\n')[0]);
    return x.decision ?? `error`;
  } catch {
    return 'error';
  }
}

async function sameDisagreement(c, want) {
  const o = await decide(c);
  return o.decision === want.oracle && vouchDecision(c) === want.vouch;
}

// Every way to delete one element of `x` (objects: a key; arrays: an entry), as new values.
function* deletions(x, path = []) {
  if (Array.isArray(x)) {
    for (let i = 0; i < x.length; i++) {
      yield [path, x.filter((_, j) => j !== i)];
    }
    for (let i = 0; i < x.length; i++) yield* deletions(x[i], [...path, i]);
  } else if (x && typeof x === 'object') {
    for (const k of Object.keys(x)) {
      if (['request', 'id', 'Effect', 'principal', 'action', 'resource', 'Version'].includes(k)) continue;
      const y = { ...x };
      delete y[k];
      yield [path, y];
    }
    for (const k of Object.keys(x)) yield* deletions(x[k], [...path, k]);
  }
}

function setAt(root, path, value) {
  if (path.length === 0) return value;
  const copy = Array.isArray(root) ? [...root] : { ...root };
  copy[path[0]] = setAt(root[path[0]], path.slice(1), value);
  return copy;
}

async function minimize(c, want) {
  let changed = true;
  while (changed) {
    changed = false;
    for (const [path, value] of deletions(c)) {
      const candidate = setAt(c, path, value);
      if (await sameDisagreement(candidate, want)) {
        c = candidate;
        changed = true;
        break;
      }
    }
  }
  return c;
}

for (const line of readFileSync(file, 'utf8').split('\n')) {
  if (!line.trim()) continue;
  const d = JSON.parse(line);
  if (ids.length && !ids.includes(String(d.case.id))) continue;
  const want = { vouch: d.vouch?.decision ?? 'error', oracle: d.oracle.decision };
  const small = await minimize(d.case, want);
  console.log(JSON.stringify({ vouch: want.vouch, oracle: want.oracle, case: small }));
}
