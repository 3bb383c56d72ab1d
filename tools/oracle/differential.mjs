// Differential test: vouch's IAM evaluator against the oracle (@cloud-copilot/iam-simulate) on
// random cases from generate.mjs.
//
//   node tools/oracle/differential.mjs --vouch PATH [N] [--seed S] [--long] [--from I] [--out DIR]
//
// Generates N cases (default 20000; --long: 1,000,000, in chunks of 20000, about 5 minutes each
// at 15 ms a case; --from I resumes an interrupted run at case I of the same seed), runs
// `PATH simulate --cases FILE` and the oracle on the same file, and lists every disagreement with
// both decisions. Disagreements that AWS documentation decides against the oracle are recognised
// by rewriting the case into an equivalent one the oracle reads right (KNOWN_BY_REWRITE below)
// or, for one decision-level class, by a pattern in KNOWN, and explained in
// known_disagreements.md. Prints
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

const EPOCH = /^\d+(\.\d+)?$/;

// name -> predicate(case, vouchResult, oracleResult): true when the disagreement is this one.
export const KNOWN = {
  // A resource policy naming the exact role-session or federated-user ARN grants access that
  // neither the session policy nor the boundary limits; the oracle applies them anyway.
  'session-arn-resource-grant': (c, v, o) =>
    Boolean((c.sessionPolicy || c.permissionBoundaries?.length) && c.resourcePolicy) &&
    /:(assumed-role|federated-user)\//.test(c.request.principal) &&
    JSON.stringify(c.resourcePolicy).includes(JSON.stringify(c.request.principal)) &&
    v.decision === 'allowed' && o.decision === 'implicitDeny'
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
  return resolveResourcePatterns(c, isSpillPattern, spillMatches);
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

// The (up to) six colon-delimited segments of an ARN; the sixth holds the rest, colons included.
function arnSegments(text) {
  const out = [];
  let start = 0;
  for (let i = 0; i < text.length && out.length < 5; i++) {
    if (text[i] === ':') { out.push(text.slice(start, i)); start = i + 1; }
  }
  out.push(text.slice(start));
  return out;
}

// `*` any run of characters, `?` exactly one, case-sensitive, over all of `text`.
function globMatches(pattern, text) {
  const body = pattern.split('').map((ch) => ch === '*' ? '[\\s\\S]*' : ch === '?' ? '[\\s\\S]'
    : ch.replace(/[.+^${}()|[\]\\]/g, '\\$&')).join('');
  return new RegExp(`^${body}$`).test(text);
}

// AWS's reading of a Resource/NotResource pattern without variables: "You can use wildcard
// characters (* and ?) within the individual segments of an ARN (the parts separated by colons)
// ... If the * wildcard is the last character of a resource ARN segment, it can expand to match
// beyond the colon boundaries". The last segment is the resource part, colons included.
function resourcePatternMatches(pattern, resource) {
  const ps = arnSegments(String(pattern)), ts = arnSegments(String(resource));
  const from = (pi, ti) => {
    if (pi === ps.length) return ti === ts.length;
    if (ti === ts.length) return false;
    const seg = ps[pi];
    if (pi === ps.length - 1) {
      return (ti === ts.length - 1 || seg.endsWith('*')) && globMatches(seg, ts.slice(ti).join(':'));
    }
    if (!seg.endsWith('*')) return globMatches(seg, ts[ti]) && from(pi + 1, ti + 1);
    for (let j = ti; j < ts.length; j++) {
      if (globMatches(seg, ts.slice(ti, j + 1).join(':')) && from(pi + 1, j + 1)) return true;
    }
    return false;
  };
  return from(0, 0);
}

// A Resource/NotResource pattern (not S3, no variable) with `*` or `?` in its resource type: the
// resource part up to its first `/` or `:` (`arn:aws:iam::111122223333:u?er/alice`).
function hasWildcardType(r) {
  const x = String(r);
  const parts = x.split(':');
  if (parts.length < 6 || parts[2] === 's3' || x.includes('${')) return false;
  const rest = parts.slice(5).join(':');
  const end = rest.search(/[/:]/);
  return end > 0 && /[*?]/.test(rest.slice(0, end));
}

// Replaces the Resource/NotResource patterns that `select` picks by what they mean for the
// request: the request's resource when the pattern matches it, nothing otherwise (a Resource
// left empty drops the statement, a NotResource left empty becomes `Resource: "*"`).
function resolveResourcePatterns(c, select, matches) {
  let changed = false;
  everyPolicy(c, (doc) => {
    doc.Statement = statementsOf(doc).filter((s) => {
      for (const field of ['Resource', 'NotResource']) {
        if (s?.[field] === undefined) continue;
        const list = [s[field]].flat();
        if (!list.some(select)) continue;
        changed = true;
        const kept = list.flatMap((r) => !select(r) ? [r] :
          matches(String(r), c.request.resource) ? [c.request.resource] : []);
        if (kept.length > 0) s[field] = kept;
        else if (field === 'Resource') return false;
        else { delete s.NotResource; s.Resource = '*'; }
      }
      return true;
    });
  });
  return changed;
}

function rewriteWildcardResourceType(c) {
  return resolveResourcePatterns(c, hasWildcardType, resourcePatternMatches);
}

// Writes every `/0` block of an IpAddress/NotIpAddress condition as its two `/1` halves
// (`0.0.0.0/0` -> `0.0.0.0/1`, `128.0.0.0/1`; `::/0` -> `::/1`, `8000::/1`): the same addresses.
function rewriteZeroPrefix(c) {
  let changed = false;
  const halves = (x) => {
    const t = String(x);
    if (!/\/0$/.test(t.trim())) return [x];
    changed = true;
    return t.includes(':') ? ['::/1', '8000::/1'] : ['0.0.0.0/1', '128.0.0.0/1'];
  };
  everyPolicy(c, (doc) => {
    for (const s of statementsOf(doc)) {
      for (const [op, keys] of Object.entries(s?.Condition ?? {})) {
        if (!/IpAddress/i.test(op) || !keys || typeof keys !== 'object') continue;
        for (const k of Object.keys(keys)) keys[k] = [keys[k]].flat().flatMap(halves);
      }
    }
  });
  return changed;
}

// The request values of condition key `key` (case-insensitive), as strings.
function requestValues(c, key) {
  const ctx = c.request.context ?? {};
  const k = Object.keys(ctx).find((x) => x.toLowerCase() === String(key).toLowerCase());
  return k === undefined ? [] : [ctx[k]].flat().map(String);
}

// A policy of Version 2008-10-17 (or none) holding `${` becomes Version 2012-10-17 with the
// same meaning: in Resource/NotResource every `$` is written `${$}`; a String or Arn condition
// value with `${` is literal text that, holding a `$`, matches no request value without one
// (every request value of its key has none, or the policy is left alone), and `${` becomes `$(`
// in it, which matches no such value either and is no variable.
function rewriteVersion2008(c) {
  let changed = false;
  everyPolicy(c, (doc) => {
    if (doc.Version === '2012-10-17' || !JSON.stringify(doc).includes('${')) return;
    const copy = structuredClone(doc);
    let ok = true;
    for (const s of statementsOf(copy)) {
      for (const field of ['Resource', 'NotResource']) {
        if (s?.[field] === undefined) continue;
        const esc = (r) => typeof r === 'string' ? r.replace(/\$/g, '${$}') : r;
        s[field] = Array.isArray(s[field]) ? s[field].map(esc) : esc(s[field]);
      }
      for (const [op, keys] of Object.entries(s?.Condition ?? {})) {
        if (!keys || typeof keys !== 'object') continue;
        for (const k of Object.keys(keys)) {
          const vals = [keys[k]].flat();
          if (!vals.some((v) => String(v).includes('${'))) continue;
          if (!/String|Arn/i.test(op) || requestValues(c, k).some((x) => x.includes('$'))) { ok = false; continue; }
          const fix = (v) => String(v).replace(/\$\{/g, '$(');
          keys[k] = Array.isArray(keys[k]) ? keys[k].map(fix) : fix(keys[k]);
        }
      }
    }
    if (!ok) return;
    copy.Version = '2012-10-17';
    for (const key of Object.keys(doc)) delete doc[key];
    Object.assign(doc, copy);
    changed = true;
  });
  return changed;
}

// vouch's and AWS's substitution of the variables of `text` for this request (IAM User Guide,
// reference_policies_variables.html): `${key}` takes the key's single value (the key is
// case-insensitive), `${key, 'default'}` the default when the key is absent, `${*}`, `${?}`,
// `${$}` are literal characters. Returns {text} with the literal result, {missing: true} when a
// variable has no value, or null when the result would need a literal `*` or `?`.
function substitute(text, c) {
  const ctx = c.request.context ?? {};
  let out = '';
  let pos = 0;
  while (pos < text.length) {
    const dollar = text.indexOf('${', pos);
    if (dollar < 0) { out += text.slice(pos); break; }
    out += text.slice(pos, dollar);
    const m = /^\$\{([^,}]*)(?:, *'((?:[^']|'')*)' *)?\}/.exec(text.slice(dollar));
    if (!m || !m[1].trim()) { out += '${'; pos = dollar + 2; continue; }
    pos = dollar + m[0].length;
    const key = m[1].trim();
    const hasDefault = m[2] !== undefined;
    if (!hasDefault && ['*', '?'].includes(key)) return null;
    if (!hasDefault && key === '$') { out += '$'; continue; }
    const k = Object.keys(ctx).find((x) => x.toLowerCase() === key.toLowerCase());
    let value;
    if (k !== undefined && !Array.isArray(ctx[k])) value = String(ctx[k]);
    else if (k === undefined && hasDefault) value = m[2].replace(/''/g, "'");
    else return { missing: true };
    if (/[*?]/.test(value)) return null;
    out += value;
  }
  return { text: out };
}

// Whether the request carries key `key` with a value a condition is evaluated on: present, and
// non-empty unless under ForAllValues (which holds over an empty set).
function keyEvaluated(c, op, key) {
  const ctx = c.request.context ?? {};
  const k = Object.keys(ctx).find((x) => x.toLowerCase() === String(key).toLowerCase());
  if (k === undefined) return false;
  return !Array.isArray(ctx[k]) || ctx[k].length > 0 || !/^ForAllValues:/i.test(op);
}

// A literal ARN that no request value equals.
const NO_MATCH_ARN = 'arn:aws:vouch-no-match:::no-value';

// Substitutes, as AWS does, the variables of every Arn* condition value of a 2012-10-17 policy.
// A value whose variable has no value matches nothing: under a positive operator it becomes a
// literal ARN no request value equals; under ArnNotEquals/ArnNotLike it makes the condition
// false for every request value ("the NOR fails"), so when the key is evaluated the statement
// cannot apply and is removed. Leaves the case alone when a substituted value would need a
// literal `*` or `?` (a `${*}`, or a request value holding one).
function rewriteArnConditionVariables(c) {
  const targets = [];
  let ok = true;
  everyPolicy(c, (doc) => {
    if (doc.Version !== '2012-10-17') return;
    for (const s of statementsOf(doc)) {
      for (const [op, keys] of Object.entries(s?.Condition ?? {})) {
        if (!/Arn/i.test(op) || !keys || typeof keys !== 'object') continue;
        for (const k of Object.keys(keys)) {
          const vals = [keys[k]].flat();
          if (!vals.some((v) => String(v).includes('${'))) continue;
          const out = vals.map((v) => String(v).includes('${') ? substitute(String(v), c) : { text: v });
          if (out.some((r) => r === null)) ok = false;
          targets.push({ doc, s, op, keys, k, out });
        }
      }
    }
  });
  if (!ok || targets.length === 0) return false;
  const dropped = new Set();
  for (const { s, op, keys, k, out } of targets) {
    keys[k] = out.map((r) => r.missing ? NO_MATCH_ARN : r.text);
    if (/ArnNot/i.test(op) && out.some((r) => r.missing) && keyEvaluated(c, op, k)) dropped.add(s);
  }
  everyPolicy(c, (doc) => { doc.Statement = statementsOf(doc).filter((s) => !dropped.has(s)); });
  return true;
}

// Writes every epoch-seconds value of a Date condition as the ISO 8601 instant it stands for
// (`1768478400` -> `2026-01-15T12:00:00Z`), and so too the request values of a key that only
// Date (and Null) conditions test and no policy variable names.
function rewriteEpochDates(c) {
  let changed = false;
  const iso = (x) => {
    const t = String(x).trim();
    if (!EPOCH.test(t)) return x;
    changed = true;
    const ms = Math.round(Number(t) * 1000);
    return new Date(ms).toISOString().replace('.000Z', 'Z');
  };
  const dateKeys = new Set(), otherKeys = new Set();
  everyPolicy(c, (doc) => {
    for (const s of statementsOf(doc)) {
      for (const [op, keys] of Object.entries(s?.Condition ?? {})) {
        if (!keys || typeof keys !== 'object') continue;
        const date = /Date/i.test(op);
        for (const k of Object.keys(keys)) {
          if (date) {
            dateKeys.add(k.toLowerCase());
            keys[k] = Array.isArray(keys[k]) ? keys[k].map(iso) : iso(keys[k]);
          } else if (!/^Null$/i.test(op)) {
            otherKeys.add(k.toLowerCase());
          }
        }
      }
    }
  });
  const text = JSON.stringify(policiesOf(c)).toLowerCase();
  const ctx = c.request.context ?? {};
  for (const k of Object.keys(ctx)) {
    const key = k.toLowerCase();
    if (!dateKeys.has(key) || otherKeys.has(key)) continue;
    if (new RegExp(`\\$\\{\\s*${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`).test(text)) continue;
    ctx[k] = Array.isArray(ctx[k]) ? ctx[k].map(iso) : iso(ctx[k]);
  }
  return changed;
}

// The root user has every permission in its account unless an SCP, an RCP or a policy denies:
// for the root principal, an identity policy allowing everything is added.
function rewriteRootDefaultAllow(c) {
  if (!/^arn:aws:iam::\d{12}:root$/.test(c.request.principal)) return false;
  c.identityPolicies = [...(c.identityPolicies ?? []),
    { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] }];
  return true;
}

// A resource-policy Deny whose NotPrincipal lists the caller (its ARN, or for a role session its
// role ARN) but not the caller's account exempts nothing of the caller: it becomes a Deny to
// `Principal: "*"`.
function rewriteNotPrincipalNeedsAccount(c) {
  const ctx = c.request.context ?? {};
  const caller = c.request.principal;
  const account = /^arn:aws:(iam|sts)::(\d{12}):/.exec(caller)?.[2];
  if (!account) return false;
  let changed = false;
  for (const s of statementsOf(c.resourcePolicy)) {
    if (s?.Effect !== 'Deny' || !s.NotPrincipal || typeof s.NotPrincipal !== 'object') continue;
    const listed = [s.NotPrincipal.AWS ?? []].flat();
    if (listed.includes('*')) continue;
    const hasAccount = listed.some((p) => p === account || p === `arn:aws:iam::${account}:root`);
    const hasCaller = listed.some((p) => p === caller || p === ctx['aws:PrincipalArn']);
    if (hasAccount || !hasCaller) continue;
    delete s.NotPrincipal;
    s.Principal = '*';
    changed = true;
  }
  return changed;
}

// A federated user (GetFederationToken) without a session policy has no permissions of its own:
// only a resource policy naming its exact ARN grants it anything, a grant no boundary limits.
// Its identity policies keep only their Deny statements, each boundary allows everything but
// what it denies, and the resource policy keeps its Deny statements and the Allow statements
// whose Principal names the caller's ARN.
function rewriteFederatedNoSessionPolicy(c) {
  const caller = c.request.principal;
  if (!/^arn:aws:sts::\d{12}:federated-user\//.test(caller) || c.sessionPolicy) return false;
  const isDeny = (s) => s?.Effect === 'Deny';
  for (const doc of c.identityPolicies ?? []) doc.Statement = statementsOf(doc).filter(isDeny);
  for (const doc of c.permissionBoundaries ?? []) {
    doc.Statement = [...statementsOf(doc).filter(isDeny), { Effect: 'Allow', Action: '*', Resource: '*' }];
  }
  if (c.resourcePolicy) {
    const namesCaller = (s) => s?.Principal && typeof s.Principal === 'object' &&
      [s.Principal.AWS ?? []].flat().includes(caller);
    c.resourcePolicy.Statement = statementsOf(c.resourcePolicy).filter((s) => isDeny(s) || namesCaller(s));
  }
  return true;
}

export const KNOWN_BY_REWRITE = {
  'federated-user-needs-session-policy': rewriteFederatedNoSessionPolicy,
  'root-default-allow': rewriteRootDefaultAllow,
  'not-principal-needs-account': rewriteNotPrincipalNeedsAccount,
  'version-2008-variables': rewriteVersion2008,
  'arn-condition-variables': rewriteArnConditionVariables,
  'wildcard-in-resource-type': rewriteWildcardResourceType,
  'zero-prefix-cidr': rewriteZeroPrefix,
  'epoch-iso-date-mix': rewriteEpochDates,
  'arn-condition-prefix-case': rewriteArnPrefixCase,
  'notresource-short-arn': rewriteNotResourceShortArn,
  'arn-not-like-short-pattern': rewriteArnNotShortPattern,
  'bare-ip-address-other-family': rewriteBareAddresses,
  'forany-ifexists-absent-key': rewriteForAnyIfExists,
  'trailing-star-spill': rewriteSpill,
  'not-principal-account-only': rewriteNotPrincipalAccountOnly
};

function predicateFor(c, v, o) {
  for (const [name, pred] of Object.entries(KNOWN)) {
    if (pred(c, v, o)) return name;
  }
  return null;
}

// After a rewrite the oracle may still differ because of a predicate-checked class (a resource
// policy naming the session's ARN, say): the rewritten case must then fit that predicate.
function explained(name, copy, v, again) {
  if (again.decision === v.decision) return name;
  const rest = predicateFor(copy, v, again);
  return rest === null ? null : `${name}+${rest}`;
}

export async function classify(c, v, o) {
  const direct = predicateFor(c, v, o);
  if (direct !== null) return direct;
  for (const [name, rewrite] of Object.entries(KNOWN_BY_REWRITE)) {
    const copy = structuredClone(c);
    if (!rewrite(copy)) continue;
    const again = await decide(copy);
    if (again.decision === v.decision) return name;
  }
  // Two documented constructs in one case: every rewrite that applies, together, then possibly a
  // predicate-checked class on what remains.
  const copy = structuredClone(c);
  const applied = Object.entries(KNOWN_BY_REWRITE).filter(([, rewrite]) => rewrite(copy)).map(([name]) => name);
  if (applied.length === 0) return null;
  const again = await decide(copy);
  return explained(applied.join('+'), copy, v, again);
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
