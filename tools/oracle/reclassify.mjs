// Re-checks the disagreements of an earlier differential run against the current documented
// classes, without running vouch or the generator again.
//
//   node tools/oracle/reclassify.mjs DIR/disagreements.jsonl
//
// Each line holds a case with vouch's and the oracle's results, as differential.mjs writes them.
// Prints the count per class and every disagreement no class explains; exits 1 if any remain.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { classify } from './differential.mjs';

const file = process.argv[2];
if (!file) {
  console.error('usage: reclassify.mjs DISAGREEMENTS.jsonl');
  process.exit(2);
}
const counts = new Map();
let total = 0;
let unclassified = 0;
for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
  if (!line.trim()) continue;
  const d = JSON.parse(line);
  total++;
  const name = await classify(d.case, d.vouch, d.oracle);
  if (name === null) {
    unclassified++;
    console.log(`${d.case.id}: vouch ${d.vouch.decision}, oracle ${d.oracle.decision} (UNDOCUMENTED)`);
  } else {
    counts.set(name, (counts.get(name) ?? 0) + 1);
  }
}
for (const [name, n] of [...counts].sort((a, b) => b[1] - a[1])) console.log(`  ${n}\t${name}`);
console.log(`${total} disagreements, ${total - unclassified} documented, ${unclassified} unclassified`);
process.exit(unclassified === 0 ? 0 : 1);
