// Differential test: vouch's IAM evaluator against the oracle (@cloud-copilot/iam-simulate) on
// random cases from generate.mjs.
//
//   node tools/oracle/differential.mjs --vouch PATH [N] [--seed S] [--long] [--from I] [--out DIR]
//
// Generates N cases (default 20000; --long: 1,000,000, in chunks of 20000, about 5 minutes each
// at 15 ms a case; --from I resumes an interrupted run at case I of the same seed), runs
// `PATH simulate --cases FILE` and the oracle on the same file, and lists every disagreement with
// both decisions. Disagreements that AWS documentation decides against the oracle are recognised
// by the patterns in KNOWN below and explained in known_disagreements.md. Prints
// `N cases, D disagreements, K documented`; exits 1 on any undocumented disagreement, 2 when vouch
// cannot be run. The cases of every disagreement are written to DIR/disagreements.jsonl (DIR
// defaults to a fresh folder under the system temp directory) for minimisation.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, appendFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { makeRng, generateCase } from './generate.mjs';
import { decide } from './oracle.mjs';

// ---- documented disagreements (see known_disagreements.md) -------------------------------------

function policiesOf(c) {
  return [
    ...(c.identityPolicies ?? []), ...(c.permissionBoundaries ?? []),
    ...(c.sessionPolicy ? [c.sessionPolicy] : []), ...(c.resourcePolicy ? [c.resourcePolicy] : []),
    ...(c.scps ?? []).flat(), ...(c.rcps ?? []).flat()
  ];
}

function conditionsOf(doc) {
  const sts = Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement];
  return sts.flatMap((s) => Object.entries(s?.Condition ?? {}));
}

const EPOCH = /^\d+(\.\d+)?$/;

// name -> predicate(case, vouchResult, oracleResult): true when the disagreement is this one.
export const KNOWN = {
  // Policy variables are text under Version 2008-10-17 (or no Version); the oracle substitutes.
  'version-2008-variables': (c) =>
    policiesOf(c).some((p) => p.Version !== '2012-10-17' && JSON.stringify(p).includes('${')),
  // The root user is allowed unless an SCP, RCP or resource policy denies; the oracle needs an
  // identity policy for root like for any principal.
  'root-default-allow': (c, v, o) =>
    /^arn:aws:iam::\d{12}:root$/.test(c.request.principal) && v.decision === 'allowed' &&
    o.decision === 'implicitDeny',
  // Policy variables in the values of ArnEquals/ArnLike/ArnNotEquals/ArnNotLike are substituted
  // by AWS; the oracle compares them as literal text.
  'arn-condition-variables': (c) =>
    policiesOf(c).some((p) => p.Version === '2012-10-17' && conditionsOf(p).some(([op, keys]) =>
      /Arn/.test(op) && JSON.stringify(keys).includes('${'))),
  // A resource policy naming the exact role-session or federated-user ARN grants access that
  // neither the session policy nor the boundary limits; the oracle applies them anyway.
  'session-arn-resource-grant': (c, v, o) =>
    Boolean((c.sessionPolicy || c.permissionBoundaries?.length) && c.resourcePolicy) &&
    /:(assumed-role|federated-user)\//.test(c.request.principal) &&
    JSON.stringify(c.resourcePolicy).includes(JSON.stringify(c.request.principal)) &&
    v.decision === 'allowed' && o.decision === 'implicitDeny',
  // A federated user (GetFederationToken) without a session policy has no permissions; the
  // oracle evaluates its identity policies as if they applied.
  'federated-user-needs-session-policy': (c) =>
    /:federated-user\//.test(c.request.principal) && !c.sessionPolicy,
  // NotPrincipal with Deny exempts a caller only when its account is listed too (and, for a role
  // session, the role and the session); the oracle exempts a caller listed by its own ARN alone.
  'not-principal-needs-account': (c) => {
    const ctx = c.request.context ?? {};
    const account = ctx['aws:PrincipalAccount'];
    const sts = c.resourcePolicy ? [c.resourcePolicy.Statement].flat() : [];
    return sts.some((s) => s?.Effect === 'Deny' && s.NotPrincipal &&
      [s.NotPrincipal.AWS ?? []].flat().some((p) => p === c.request.principal || p === ctx['aws:PrincipalArn']) &&
      ![s.NotPrincipal.AWS ?? []].flat().some((p) => p === account || p === `arn:aws:iam::${account}:root`));
  },
  // `*` and `?` may stand anywhere in the resource part of an ARN, including the resource type
  // (`arn:aws:iam::111122223333:u?er/alice`); the oracle matches the type literally.
  'wildcard-in-resource-type': (c) => policiesOf(c).some((p) => [p.Statement].flat().some((s) =>
    [s?.Resource ?? [], s?.NotResource ?? []].flat().some((r) => {
      const parts = String(r).split(':');
      if (parts.length < 6 || parts[2] === 's3') return false;
      const rest = parts.slice(5).join(':');
      const end = rest.search(/[/:]/);  // the type ends at `/` or, as in `function:resize`, `:`
      return end > 0 && /[*?]/.test(rest.slice(0, end));
    }))),
  // `0.0.0.0/0` (and `::/0`) contain every address; the oracle's CIDR match never matches a /0.
  'zero-prefix-cidr': (c) => policiesOf(c).some((p) => conditionsOf(p).some(([op, keys]) =>
    /IpAddress/.test(op) && /\/0"/.test(JSON.stringify(keys)))),
  // A NotResource S3 pattern with an account (`arn:aws:s3::1111*`) excludes nothing of a bucket
  // or object ARN, which has no account, so the statement applies; the oracle expands the
  // request's short ARN, finds the account different and drops the whole statement.
  'notresource-s3-account-segment': (c) => /^arn:aws:s3:::/.test(c.request.resource) &&
    policiesOf(c).some((p) => [p.Statement].flat().some((s) => [s?.NotResource ?? []].flat().some((r) =>
      /^arn:aws:s3:[^:]*:[^:]+/.test(String(r))))),
  // Date operators compare epoch seconds and ISO 8601 values as instants; the oracle mishandles
  // a comparison that mixes the two forms.
  'epoch-iso-date-mix': (c) => {
    const ctx = c.request.context ?? {};
    return policiesOf(c).some((p) => conditionsOf(p).some(([op, keys]) =>
      /Date/.test(op) && Object.entries(keys).some(([k, vals]) => {
        const policyEpoch = [vals].flat().map(String).some((x) => EPOCH.test(x));
        const policyIso = [vals].flat().map(String).some((x) => !EPOCH.test(x));
        const ctxKey = Object.keys(ctx).find((x) => x.toLowerCase() === k.toLowerCase());
        const reqVals = ctxKey ? [ctx[ctxKey]].flat().map(String) : [];
        return reqVals.some((x) => (EPOCH.test(x) ? policyIso : policyEpoch));
      })));
  }
};

// ---- documented disagreements checked by rewriting the case ---------------------------------
//
// Each entry rewrites the case into an equivalent one, under AWS's reading, that avoids the
// construct the oracle gets wrong, and asks the oracle again: the disagreement is that class only
// when the rewrite changes something and the oracle then agrees with vouch. A second bug in the
// same case therefore still shows as undocumented.

function statementsOf(doc) {
  if (!doc || doc.Statement === undefined) return [];
  if (!Array.isArray(doc.Statement)) doc.Statement = [doc.Statement];
  return doc.Statement;
}

function everyPolicy(c, fn) {
  for (const p of c.identityPolicies ?? []) fn(p, 'identity');
  for (const p of c.permissionBoundaries ?? []) fn(p, 'boundary');
  if (c.sessionPolicy) fn(c.sessionPolicy, 'session');
  if (c.resourcePolicy) fn(c.resourcePolicy, 'resource');
  for (const p of (c.scps ?? []).flat()) fn(p, 'scp');
  for (const p of (c.rcps ?? []).flat()) fn(p, 'rcp');
}

function contextHas(c, key) {
  const ctx = c.request.context ?? {};
  return Object.keys(ctx).some((k) => k.toLowerCase() === String(key).toLowerCase());
}

// A pattern whose last character is a `*` that must spill over `:` to reach the resource part:
// fewer than six ARN segments (`arn:aws:s3::*`, `arn:aws:sqs:eu-west-1:1111*`).
function isSpillPattern(r) {
  const x = String(r);
  return x.startsWith('arn:') && x.endsWith('*') && x.split(':').length < 6 && !x.includes('${');
}

// AWS's reading of a spill pattern: `*` and `?` stay within a segment, the final `*` spills.
function spillMatches(pattern, resource) {
  const body = pattern.slice(0, -1).split('').map((ch) =>
    ch === '*' ? '[^:]*' : ch === '?' ? '[^:]' : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')).join('');
  return new RegExp(`^${body}.*$`, 's').test(resource);
}

// Replaces every trailing-`*` spill pattern by what it means for this request: the resource
// itself when it matches, nothing when it does not (a Resource left empty drops the statement, a
// NotResource left empty becomes `Resource: "*"`).
function rewriteSpill(c) {
  let changed = false;
  everyPolicy(c, (doc) => {
    doc.Statement = statementsOf(doc).filter((s) => {
      for (const field of ['Resource', 'NotResource']) {
        if (s?.[field] === undefined) continue;
        const list = [s[field]].flat();
        if (!list.some(isSpillPattern)) continue;
        changed = true;
        const kept = list.flatMap((r) => !isSpillPattern(r) ? [r] :
          spillMatches(String(r), c.request.resource) ? [c.request.resource] : []);
        if (kept.length > 0) s[field] = kept;
        else if (field === 'Resource') return false;
        else { delete s.NotResource; s.Resource = '*'; }
      }
      return true;
    });
  });
  return changed;
}

// Drops every `ForAnyValue:<Op>IfExists` test of a key the request does not carry: AWS reads it
// as true ("If the key is not present, evaluate the condition element as true").
function rewriteForAnyIfExists(c) {
  let changed = false;
  everyPolicy(c, (doc) => {
    for (const s of statementsOf(doc)) {
      for (const [op, keys] of Object.entries(s?.Condition ?? {})) {
        if (!/^ForAnyValue:.+IfExists$/i.test(op) || typeof keys !== 'object') continue;
        for (const k of Object.keys(keys)) {
          if (!contextHas(c, k)) { delete keys[k]; changed = true; }
        }
        if (Object.keys(keys).length === 0) delete s.Condition[op];
      }
    }
  });
  return changed;
}

// A resource-policy Deny whose NotPrincipal lists the caller's account but not the caller itself
// (its ARN; for a role session, the role and the session ARNs) denies the caller: it becomes a
// Deny to `Principal: "*"`.
function rewriteNotPrincipalAccountOnly(c) {
  const ctx = c.request.context ?? {};
  const account = ctx['aws:PrincipalAccount'];
  const caller = c.request.principal;
  const session = /:assumed-role\//.test(caller);
  let changed = false;
  for (const s of statementsOf(c.resourcePolicy)) {
    if (s?.Effect !== 'Deny' || !s.NotPrincipal || typeof s.NotPrincipal !== 'object') continue;
    const listed = [s.NotPrincipal.AWS ?? []].flat();
    const hasAccount = listed.some((p) => p === account || p === `arn:aws:iam::${account}:root`);
    const hasCaller = listed.includes(caller) && (!session || listed.includes(ctx['aws:PrincipalArn']));
    if (!hasAccount || hasCaller) continue;
    delete s.NotPrincipal;
    s.Principal = '*';
    changed = true;
  }
  return changed;
}

// Writes every bare address of an IpAddress/NotIpAddress condition as the block it stands for
// (`203.0.113.7` -> `203.0.113.7/32`, an IPv6 address -> `/128`).
function rewriteBareAddresses(c) {
  let changed = false;
  const block = (x) => {
    const t = String(x);
    if (t.includes('/')) return x;
    changed = true;
    return t.includes(':') ? `${t}/128` : `${t}/32`;
  };
  everyPolicy(c, (doc) => {
    for (const s of statementsOf(doc)) {
      for (const [op, keys] of Object.entries(s?.Condition ?? {})) {
        if (!/IpAddress/i.test(op) || typeof keys !== 'object') continue;
        for (const k of Object.keys(keys)) keys[k] = Array.isArray(keys[k]) ? keys[k].map(block) : block(keys[k]);
      }
    }
  });
  return changed;
}

// AWS's reading of a Resource pattern of fewer than six segments: `*` and `?` stay within their
// segment, except that a `*` ending a segment may also match across `:`.
function shortPatternMatches(pattern, resource) {
  const body = String(pattern).split(':').map((seg) => seg.split('').map((ch, i) =>
    ch === '*' ? (i === seg.length - 1 ? '.*' : '[^:]*') : ch === '?' ? '[^:]'
      : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')).join('')).join(':');
  return new RegExp(`^${body}$`, 's').test(resource);
}

const isShortArn = (r) => String(r).startsWith('arn:') && String(r).split(':').length < 6 &&
  !String(r).includes('${');

// Replaces every NotResource pattern of fewer than six ARN segments by what it means for the
// request: the request's resource when it matches, nothing otherwise (a NotResource left empty
// becomes `Resource: "*"`).
function rewriteNotResourceShortArn(c) {
  let changed = false;
  everyPolicy(c, (doc) => {
    for (const s of statementsOf(doc)) {
      if (s?.NotResource === undefined) continue;
      const list = [s.NotResource].flat();
      if (!list.some(isShortArn)) continue;
      changed = true;
      const kept = list.flatMap((r) => !isShortArn(r) ? [r] :
        shortPatternMatches(r, c.request.resource) ? [c.request.resource] : []);
      if (kept.length > 0) s.NotResource = kept;
      else { delete s.NotResource; s.Resource = '*'; }
    }
  });
  return changed;
}

// The number of colon-delimited ARN components of `x`, at most six (the sixth holds the rest).
function arnComponents(x) {
  return Math.min(6, String(x).split(':').length);
}

// Drops from every ArnNotEquals/ArnNotLike test the values whose number of ARN components
// differs from that of every request value of the key: such a value matches none of them, so it
// takes nothing away from the NOR. Values with variables are kept.
function rewriteArnNotShortPattern(c) {
  const ctx = c.request.context ?? {};
  let changed = false;
  everyPolicy(c, (doc) => {
    for (const s of statementsOf(doc)) {
      for (const [op, keys] of Object.entries(s?.Condition ?? {})) {
        if (!/ArnNot(Equals|Like)/i.test(op) || typeof keys !== 'object') continue;
        for (const k of Object.keys(keys)) {
          const ctxKey = Object.keys(ctx).find((x) => x.toLowerCase() === k.toLowerCase());
          if (!ctxKey) continue;
          const counts = [ctx[ctxKey]].flat().map(arnComponents);
          const vals = [keys[k]].flat();
          const kept = vals.filter((v) => String(v).includes('${') || counts.includes(arnComponents(v)));
          if (kept.length === vals.length) continue;
          keys[k] = kept;
          changed = true;
        }
      }
    }
  });
  return changed;
}

// Drops from every Arn* test (any qualifier) the values whose first component is written other
// than `arn` (`Arn:aws:s3:::reports`), without wildcards or variables in it, when every request
// value of the key starts with `arn:`: matched case-sensitively, such a value matches none of
// them, so it changes neither the OR of a positive operator nor the NOR of a negated one.
function rewriteArnPrefixCase(c) {
  const ctx = c.request.context ?? {};
  let changed = false;
  everyPolicy(c, (doc) => {
    for (const s of statementsOf(doc)) {
      for (const [op, keys] of Object.entries(s?.Condition ?? {})) {
        if (!/Arn(Not)?(Equals|Like)/i.test(op) || typeof keys !== 'object') continue;
        for (const k of Object.keys(keys)) {
          const ctxKey = Object.keys(ctx).find((x) => x.toLowerCase() === k.toLowerCase());
          if (!ctxKey || ![ctx[ctxKey]].flat().every((x) => String(x).startsWith('arn:'))) continue;
          const vals = [keys[k]].flat();
          const kept = vals.filter((v) => {
            const first = String(v).split(':')[0];
            return first === 'arn' || /[*?$]/.test(first) || !String(v).includes(':');
          });
          if (kept.length === vals.length) continue;
          keys[k] = kept;
          changed = true;
        }
      }
    }
  });
  return changed;
}

export const KNOWN_BY_REWRITE = {
  'arn-condition-prefix-case': rewriteArnPrefixCase,
  'notresource-short-arn': rewriteNotResourceShortArn,
  'arn-not-like-short-pattern': rewriteArnNotShortPattern,
  'bare-ip-address-other-family': rewriteBareAddresses,
  'forany-ifexists-absent-key': rewriteForAnyIfExists,
  'trailing-star-spill': rewriteSpill,
  'not-principal-account-only': rewriteNotPrincipalAccountOnly
};

export async function classify(c, v, o) {
  for (const [name, pred] of Object.entries(KNOWN)) {
    if (pred(c, v, o)) return name;
  }
  for (const [name, rewrite] of Object.entries(KNOWN_BY_REWRITE)) {
    const copy = structuredClone(c);
    if (!rewrite(copy)) continue;
    const again = await decide(copy);
    if (again.decision === v.decision) return name;
  }
  // Two documented constructs in one case: every rewrite that applies, together.
  const copy = structuredClone(c);
  const applied = Object.entries(KNOWN_BY_REWRITE).filter(([, rewrite]) => rewrite(copy)).map(([name]) => name);
  if (applied.length < 2) return null;
  const again = await decide(copy);
  return again.decision === v.decision ? applied.join('+') : null;
}

// ---- running both sides ------------------------------------------------------------------------

function runVouch(vouch, file) {
  const r = spawnSync(vouch, ['simulate', '--cases', file], { maxBuffer: 1 << 30, encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run ${vouch}: ${r.error.message}`);
  const results = new Map();
  for (const line of r.stdout.split('\n')) {
    if (!line.trim()) continue;
    try {
      const x = JSON.parse(line);
      results.set(String(x.id), x);
    } catch {
      // not a result line
    }
  }
  if (results.size === 0) {
    throw new Error(`${vouch} simulate exited ${r.status} without results: ${r.stderr.trim().slice(0, 500)}`);
  }
  return results;
}

function outcome(x) {
  if (!x) return 'missing';
  if (x.decision) return x.decision;
  return `error(${String(x.error ?? x.message ?? 'unknown').slice(0, 80)})`;
}

function parseArgs(argv) {
  const opts = { n: 20000, seed: 1, long: false, vouch: null, out: null, from: 0 };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--vouch') opts.vouch = argv[++i];
    else if (a === '--seed') opts.seed = Number(argv[++i]);
    else if (a === '--out') opts.out = argv[++i];
    else if (a === '--from') opts.from = Number(argv[++i]);
    else if (a === '--long') opts.long = true;
    else if (/^\d+$/.test(a)) opts.n = Number(a);
    else throw new Error(`unknown argument \`${a}\``);
  }
  if (opts.long) opts.n = 1000000;
  if (!opts.vouch) throw new Error('usage: differential.mjs --vouch PATH [N] [--seed S] [--long] [--from I] [--out DIR]');
  if (!Number.isInteger(opts.from) || opts.from < 0) throw new Error('--from needs a case number');
  return opts;
}

async function main() {
  let opts;
  try {
    opts = parseArgs(process.argv.slice(2));
  } catch (e) {
    console.error(`differential: ${e.message}`);
    process.exit(2);
  }
  const dir = opts.out ?? mkdtempSync(join(tmpdir(), 'vouch-differential-'));
  mkdirSync(dir, { recursive: true });
  const casesFile = join(dir, 'cases.jsonl');
  const disagreementsFile = join(dir, 'disagreements.jsonl');
  if (opts.from === 0) writeFileSync(disagreementsFile, '');  // a resumed run appends
  const rng = makeRng(opts.seed);
  const CHUNK = 20000;
  let total = 0, disagreements = 0, documented = 0;
  const byClass = {};
  for (let i = 0; i < Math.min(opts.from, opts.n); i++) generateCase(rng, `gen-${opts.seed}-${i}`);
  for (let start = opts.from; start < opts.n; start += CHUNK) {
    const cases = [];
    for (let i = start; i < Math.min(opts.n, start + CHUNK); i++) cases.push(generateCase(rng, `gen-${opts.seed}-${i}`));
    writeFileSync(casesFile, cases.map((c) => JSON.stringify(c)).join('\n') + '\n');
    let vouchResults;
    try {
      vouchResults = runVouch(resolve(opts.vouch), casesFile);
    } catch (e) {
      console.error(`differential: ${e.message}`);
      process.exit(2);
    }
    for (const c of cases) {
      const o = await decide(c);
      const v = vouchResults.get(String(c.id));
      total++;
      const vo = outcome(v), oo = outcome(o);
      const bothRejected = !v?.decision && !o.decision && v;
      if (vo === oo || bothRejected) continue;
      disagreements++;
      const known = v?.decision && o.decision ? await classify(c, v, o) : null;
      if (known) documented++;
      const cls = known ?? `${vo} vs oracle ${oo}`;
      byClass[cls] = (byClass[cls] ?? 0) + 1;
      console.log(`${c.id}: vouch ${vo}, oracle ${oo}${known ? ` (documented: ${known})` : ''}`);
      appendFileSync(disagreementsFile, JSON.stringify({ case: c, vouch: v ?? null, oracle: o, known }) + '\n');
    }
    if (opts.n > CHUNK) {
      console.error(`differential: cases ${opts.from}..${start + cases.length - 1} of ${opts.n}: ` +
        `${disagreements} disagreements, ${documented} documented`);
    }
  }
  for (const [cls, n] of Object.entries(byClass).sort((a, b) => b[1] - a[1])) console.log(`  ${n}\t${cls}`);
  console.log(`${total} cases, ${disagreements} disagreements, ${documented} documented`);
  if (disagreements > 0) console.log(`cases of the disagreements: ${disagreementsFile}`);
  process.exit(disagreements > documented ? 1 : 0);
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
