// The IAM oracle: decides vouch's batch cases with @cloud-copilot/iam-simulate, an independent
// open-source IAM simulator (AGPL: run here as a separate program, never copied or linked).
//
//   node tools/oracle/oracle.mjs [CASES.jsonl]      (stdin when no file is given)
//
// Input: one case per line, the format `vouch simulate --cases` reads:
//   {"id":..., "identityPolicies":[doc,...], "resourcePolicy":doc, "permissionBoundaries":[doc],
//    "sessionPolicy":doc, "scps":[[doc,...] per level, root first], "rcps":[[...]],
//    "request":{"principal":ARN, "action":..., "resource":ARN, "resourceAccount":...,
//               "context":{key: value or [values]}}}
// Output: one result per line, in order, in vouch's result shape:
//   {"id":..., "action":..., "resource":..., "decision":"allowed"|"explicitDeny"|"implicitDeny",
//    "ignoredContextKeys":[...]}                        when the oracle decided the case
//   {"id":..., "action":..., "resource":..., "error":"..."}  when the oracle rejected it
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { runSimulation } from '@cloud-copilot/iam-simulate';

const DECISIONS = {
  Allowed: 'allowed',
  ExplicitlyDenied: 'explicitDeny',
  ImplicitlyDenied: 'implicitDeny'
};

// The account of an ARN (`arn:aws:iam::111122223333:user/x`), or '' for `*` and short ARNs.
export function accountOf(arn) {
  const parts = String(arn).split(':');
  return parts.length >= 5 ? parts[4] : '';
}

function named(prefix, docs) {
  return (docs ?? []).map((policy, i) => ({ name: `${prefix}${i}`, policy }));
}

// Context values as the oracle takes them: strings, or arrays of strings.
function contextFor(context) {
  const out = {};
  for (const [k, v] of Object.entries(context ?? {})) {
    out[k] = Array.isArray(v) ? v.map(String) : String(v);
  }
  return out;
}

// Translates one vouch case into an iam-simulate Simulation.
export function toSimulation(c) {
  const r = c.request;
  const sim = {
    request: {
      principal: r.principal,
      action: r.action,
      resource: {
        resource: r.resource ?? '*',
        accountId: r.resourceAccount || accountOf(r.resource) || accountOf(r.principal)
      },
      contextVariables: contextFor(r.context)
    },
    identityPolicies: named('identity', c.identityPolicies),
    serviceControlPolicies: (c.scps ?? []).map((level, i) => ({
      orgIdentifier: `scp-level-${i}`,
      policies: named(`scp${i}-`, level)
    })),
    resourceControlPolicies: (c.rcps ?? []).map((level, i) => ({
      orgIdentifier: `rcp-level-${i}`,
      policies: named(`rcp${i}-`, level)
    }))
  };
  if (c.resourcePolicy) sim.resourcePolicy = c.resourcePolicy;
  if (c.permissionBoundaries?.length) sim.permissionBoundaryPolicies = named('boundary', c.permissionBoundaries);
  if (c.sessionPolicy) sim.sessionPolicy = c.sessionPolicy;
  return sim;
}

// Decides one case; never throws.
export async function decide(c) {
  const base = { id: c.id, action: c.request?.action, resource: c.request?.resource ?? '*' };
  try {
    const res = await runSimulation(toSimulation(c), {});
    if (res.resultType === 'error') {
      return { ...base, error: res.errors.message, details: res.errors };
    }
    const ignored = res.resultType === 'single'
      ? res.result.ignoredContextKeys ?? []
      : [...new Set(res.results.flatMap((x) => x.ignoredContextKeys ?? []))];
    return { ...base, decision: DECISIONS[res.overallResult], ignoredContextKeys: ignored };
  } catch (e) {
    return { ...base, error: `oracle exception: ${e.message}` };
  }
}

// Decides every case of a JSONL stream, writing results to `out` in order.
export async function run(input, out) {
  const rl = createInterface({ input, crlfDelay: Infinity });
  let lineNo = 0;
  for await (const line of rl) {
    lineNo++;
    if (!line.trim()) continue;
    let c;
    try {
      c = JSON.parse(line);
    } catch (e) {
      out.write(JSON.stringify({ id: null, error: `line ${lineNo}: ${e.message}` }) + '\n');
      continue;
    }
    out.write(JSON.stringify(await decide(c)) + '\n');
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const file = process.argv[2];
  await run(file && file !== '-' ? createReadStream(file) : process.stdin, process.stdout);
}
