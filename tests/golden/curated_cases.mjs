// The hand-written part of vouch's IAM golden corpus: one group of cases per row of the feature
// table in the IAM semantics reference (section 3.13), each with the decision derived by hand from
// the AWS IAM User Guide. tools/oracle/make_golden.mjs checks every hand-derived decision against
// the oracle; where they differ, tests/golden/overrides.jsonl must name the AWS document that
// decides it, or make_golden fails.
//
// Accounts: A = 111122223333 (the principal's, usually), B = 444455556666.
export const A = '111122223333';
export const B = '444455556666';

const V = '2012-10-17';
const doc = (...Statement) => ({ Version: V, Statement });
const allow = (Action, Resource, extra = {}) => ({ Effect: 'Allow', Action, Resource, ...extra });
const deny = (Action, Resource, extra = {}) => ({ Effect: 'Deny', Action, Resource, ...extra });
const FULL = doc(allow('*', '*'));

const userArn = (name, acct = A, path = '') => `arn:aws:iam::${acct}:user/${path}${name}`;
const user = (name, acct = A, path = '') => ({
  principal: userArn(name, acct, path),
  context: { 'aws:username': name, 'aws:PrincipalArn': userArn(name, acct, path),
    'aws:PrincipalAccount': acct, 'aws:PrincipalType': 'User', 'aws:userid': `AIDA${name.toUpperCase()}EXAMPLE` }
});
const session = (role, name, acct = A) => ({
  principal: `arn:aws:sts::${acct}:assumed-role/${role}/${name}`,
  context: { 'aws:PrincipalArn': `arn:aws:iam::${acct}:role/${role}`, 'aws:PrincipalAccount': acct,
    'aws:PrincipalType': 'AssumedRole', 'aws:userid': `AROA${role.toUpperCase()}EXAMPLE:${name}` }
});
const root = (acct = A) => ({
  principal: `arn:aws:iam::${acct}:root`,
  context: { 'aws:PrincipalArn': `arn:aws:iam::${acct}:root`, 'aws:PrincipalAccount': acct,
    'aws:PrincipalType': 'Account', 'aws:userid': acct }
});

const OBJ = 'arn:aws:s3:::reports/alice/notes.txt';
const ALICE = user('alice');

// One case: `who` makes `action` on `resource` with extra `context`, under `policies`.
function kase(id, expect, who, action, resource, policies = {}, context = {}, resourceAccount = null) {
  const request = { principal: who.principal, action, resource,
    resourceAccount: resourceAccount ?? (resource.split(':')[4] || A),
    context: { ...who.context, ...context } };
  return { id, expect, case: { id, ...policies, request } };
}

// A condition test: alice calls s3:ListAllMyBuckets (wildcard-only) under one Allow with `cond`.
function cond(id, expect, condition, context = {}) {
  return kase(id, expect, ALICE, 's3:ListAllMyBuckets', '*',
    { identityPolicies: [doc(allow('s3:ListAllMyBuckets', '*', { Condition: condition }))] }, context);
}

const T = (team) => ({ 'aws:PrincipalTag/team': team });
const NOW = { 'aws:CurrentTime': '2026-01-15T12:00:00Z' };

export const CURATED = [
  // 1. Statement match, Deny beats Allow, default deny.
  kase('r01-allow-matches', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*'))] }),
  kase('r01-default-deny', 'implicitDeny', ALICE, 's3:GetObject', OBJ, { identityPolicies: [] }),
  kase('r01-deny-beats-allow', 'explicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'), deny('s3:GetObject', 'arn:aws:s3:::reports/*'))] }),
  kase('r01-other-action', 'implicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:PutObject', '*'))] }),
  kase('r01-statement-object', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [{ Version: V, Statement: allow(['s3:GetObject'], ['arn:aws:s3:::reports/*']) }] }),

  // 2. Actions: case-insensitive, `*` and `?`, NotAction within the Resource scope.
  kase('r02-action-case', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('S3:getobject', '*'))] }),
  kase('r02-action-inner-star', 'allowed', ALICE, 'iam:CreateAccessKey', userArn('alice'),
    { identityPolicies: [doc(allow('iam:*AccessKey*', '*'))] }),
  kase('r02-action-question', 'allowed', ALICE, 'iam:DeleteUser', userArn('bob'),
    { identityPolicies: [doc(allow('iam:Delete?ser', '*'))] }),
  kase('r02-action-question-needs-a-char', 'implicitDeny', ALICE, 'iam:DeleteUser', userArn('bob'),
    { identityPolicies: [doc(allow('iam:Delete?User', '*'))] }),
  kase('r02-action-star-all', 'allowed', ALICE, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:orders`,
    { identityPolicies: [doc(allow('*', '*'))] }),
  kase('r02-notaction-allows-others', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: '*' })] }),
  kase('r02-notaction-excludes', 'implicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc({ Effect: 'Allow', NotAction: ['iam:*', 's3:Get*'], Resource: '*' })] }),
  kase('r02-notaction-within-resource-scope', 'implicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc({ Effect: 'Allow', NotAction: 'iam:*', Resource: 'arn:aws:s3:::logs-bucket/*' })] }),
  kase('r02-deny-notaction-denies-others', 'explicitDeny', ALICE, 's3:PutObject', OBJ,
    { identityPolicies: [doc(allow('*', '*'), { Effect: 'Deny', NotAction: 's3:Get*', Resource: '*' })] }),
  kase('r02-deny-notaction-spares-listed', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('*', '*'), { Effect: 'Deny', NotAction: 's3:Get*', Resource: '*' })] }),

  // 3. Resources: case-sensitive, per-segment wildcards, trailing-`*` spill-over, NotResource,
  //    wildcard-only actions.
  kase('r03-resource-case-sensitive', 'implicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::Reports/*'))] }),
  kase('r03-account-segment-star', 'allowed', ALICE, 'iam:GetUser', userArn('alice'),
    { identityPolicies: [doc(allow('iam:GetUser', 'arn:aws:iam::*:user/alice'))] }),
  kase('r03-trailing-star-spills-over-colons', 'allowed', ALICE, 'iam:GetUser', userArn('alice'),
    { identityPolicies: [doc(allow('iam:GetUser', 'arn:aws:iam::1111*'))] }),
  kase('r03-trailing-star-other-account', 'implicitDeny', ALICE, 'iam:GetUser', userArn('alice'),
    { identityPolicies: [doc(allow('iam:GetUser', 'arn:aws:iam::4444*'))] }),
  kase('r03-star-crosses-slashes', 'allowed', ALICE, 'iam:GetUser', userArn('carol', A, 'dev/'),
    { identityPolicies: [doc(allow('iam:GetUser', `arn:aws:iam::${A}:user/*`))] }),
  kase('r03-question-is-one-char', 'allowed', ALICE, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:orders`,
    { identityPolicies: [doc(allow('sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:order?`))] }),
  kase('r03-question-not-a-run', 'implicitDeny', ALICE, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:orders-dlq`,
    { identityPolicies: [doc(allow('sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:order?`))] }),
  kase('r03-notresource-allows-others', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::logs-bucket/*' })] }),
  kase('r03-notresource-excludes', 'implicitDeny', ALICE, 's3:GetObject', 'arn:aws:s3:::logs-bucket/x.log',
    { identityPolicies: [doc({ Effect: 'Allow', Action: 's3:GetObject', NotResource: 'arn:aws:s3:::logs-bucket/*' })] }),
  kase('r03-deny-notresource', 'explicitDeny', ALICE, 's3:GetObject', 'arn:aws:s3:::logs-bucket/x.log',
    { identityPolicies: [doc(allow('*', '*'), { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::reports/*' })] }),
  kase('r03-wildcard-only-needs-star', 'implicitDeny', ALICE, 's3:ListAllMyBuckets', '*',
    { identityPolicies: [doc(allow('s3:ListAllMyBuckets', 'arn:aws:s3:::reports'))] }),
  kase('r03-wildcard-only-star', 'allowed', ALICE, 's3:ListAllMyBuckets', '*',
    { identityPolicies: [doc(allow('s3:ListAllMyBuckets', '*'))] }),
  kase('r03-wildcard-only-notresource', 'allowed', ALICE, 'ec2:DescribeInstances', '*',
    { identityPolicies: [doc({ Effect: 'Allow', Action: 'ec2:Describe*', NotResource: `arn:aws:ec2:us-east-1:${A}:instance/i-0abc1234def567890` })] }),
  kase('r03-s3-short-arn-bucket', 'allowed', ALICE, 's3:ListBucket', 'arn:aws:s3:::reports',
    { identityPolicies: [doc(allow('s3:ListBucket', 'arn:aws:s3:::reports'))] }),
  kase('r03-bucket-pattern-not-objects', 'implicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::reports'))] }),

  // 4. Condition operators (alice, s3:ListAllMyBuckets on `*`).
  cond('r04-string-equals', 'allowed', { StringEquals: { 'aws:PrincipalTag/team': 'red' } }, T('red')),
  cond('r04-string-equals-case-sensitive', 'implicitDeny', { StringEquals: { 'aws:PrincipalTag/team': 'red' } }, T('Red')),
  cond('r04-string-equals-missing-key', 'implicitDeny', { StringEquals: { 'aws:PrincipalTag/team': 'red' } }),
  cond('r04-string-equals-values-or', 'allowed', { StringEquals: { 'aws:PrincipalTag/team': ['green', 'red'] } }, T('red')),
  cond('r04-key-name-case-insensitive', 'allowed', { StringEquals: { 'AWS:PRINCIPALTAG/team': 'red' } }, T('red')),
  cond('r04-string-not-equals', 'allowed', { StringNotEquals: { 'aws:PrincipalTag/team': 'red' } }, T('blue')),
  cond('r04-string-not-equals-missing-key', 'allowed', { StringNotEquals: { 'aws:PrincipalTag/team': 'red' } }),
  cond('r04-string-not-equals-values-nor', 'implicitDeny', { StringNotEquals: { 'aws:PrincipalTag/team': ['red', 'blue'] } }, T('blue')),
  cond('r04-string-equals-ignore-case', 'allowed', { StringEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'RED' } }, T('red')),
  cond('r04-string-not-equals-ignore-case', 'implicitDeny', { StringNotEqualsIgnoreCase: { 'aws:PrincipalTag/team': 'RED' } }, T('red')),
  cond('r04-string-like-star', 'allowed', { StringLike: { 'aws:PrincipalTag/team': 'r*' } }, T('red')),
  cond('r04-string-like-question', 'allowed', { StringLike: { 'aws:PrincipalTag/team': 'b?ue' } }, T('blue')),
  cond('r04-string-like-no-match', 'implicitDeny', { StringLike: { 'aws:PrincipalTag/team': 'b?' } }, T('blue')),
  cond('r04-string-not-like', 'allowed', { StringNotLike: { 'aws:PrincipalTag/team': 'r*' } }, T('blue')),
  cond('r04-string-not-like-match', 'implicitDeny', { StringNotLike: { 'aws:PrincipalTag/team': 'r*' } }, T('red')),
  cond('r04-numeric-equals', 'allowed', { NumericEquals: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': '3600' }),
  cond('r04-numeric-equals-json-number', 'allowed', { NumericEquals: { 'aws:MultiFactorAuthAge': 3600 } }, { 'aws:MultiFactorAuthAge': '3600' }),
  cond('r04-numeric-not-equals', 'allowed', { NumericNotEquals: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': '30' }),
  cond('r04-numeric-less-than', 'allowed', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': '30' }),
  cond('r04-numeric-less-than-equal-bound', 'implicitDeny', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': '3600' }),
  cond('r04-numeric-less-than-equals', 'allowed', { NumericLessThanEquals: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': '3600' }),
  cond('r04-numeric-greater-than', 'implicitDeny', { NumericGreaterThan: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': '3600' }),
  cond('r04-numeric-greater-than-equals', 'allowed', { NumericGreaterThanEquals: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': '7200' }),
  cond('r04-numeric-decimal', 'allowed', { NumericLessThan: { 'aws:MultiFactorAuthAge': '1.5' } }, { 'aws:MultiFactorAuthAge': '1' }),
  cond('r04-numeric-missing-key', 'implicitDeny', { NumericLessThan: { 'aws:MultiFactorAuthAge': '3600' } }),
  cond('r04-date-equals', 'allowed', { DateEquals: { 'aws:CurrentTime': '2026-01-15T12:00:00Z' } }, NOW),
  cond('r04-date-not-equals', 'implicitDeny', { DateNotEquals: { 'aws:CurrentTime': '2026-01-15T12:00:00Z' } }, NOW),
  cond('r04-date-less-than', 'allowed', { DateLessThan: { 'aws:CurrentTime': '2026-06-30T00:00:00Z' } }, NOW),
  cond('r04-date-less-than-equals', 'allowed', { DateLessThanEquals: { 'aws:CurrentTime': '2026-01-15T12:00:00Z' } }, NOW),
  cond('r04-date-greater-than', 'implicitDeny', { DateGreaterThan: { 'aws:CurrentTime': '2027-01-01T00:00:00Z' } }, NOW),
  cond('r04-date-greater-than-equals', 'allowed', { DateGreaterThanEquals: { 'aws:CurrentTime': '2026-01-15T12:00:00Z' } }, NOW),
  cond('r04-date-epoch-policy-iso-request', 'allowed', { DateGreaterThan: { 'aws:CurrentTime': '1735689600' } }, NOW),
  cond('r04-date-iso-policy-epoch-request', 'allowed', { DateGreaterThan: { 'aws:CurrentTime': '2025-01-01T00:00:00Z' } }, { 'aws:CurrentTime': '1768478400' }),
  cond('r04-date-equals-epoch-and-iso', 'allowed', { DateEquals: { 'aws:CurrentTime': '1768478400' } }, NOW),
  cond('r04-bool-true', 'allowed', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, { 'aws:MultiFactorAuthPresent': 'true' }),
  cond('r04-bool-json-boolean', 'allowed', { Bool: { 'aws:MultiFactorAuthPresent': true } }, { 'aws:MultiFactorAuthPresent': 'true' }),
  cond('r04-bool-false', 'implicitDeny', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }, { 'aws:MultiFactorAuthPresent': 'false' }),
  cond('r04-bool-missing', 'implicitDeny', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } }),
  cond('r04-ip-in-cidr', 'allowed', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '203.0.113.7' }),
  cond('r04-ip-outside-cidr', 'implicitDeny', { IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }, { 'aws:SourceIp': '10.1.2.3' }),
  cond('r04-ip-bare-address', 'allowed', { IpAddress: { 'aws:SourceIp': '203.0.113.7' } }, { 'aws:SourceIp': '203.0.113.7' }),
  cond('r04-ipv6-in-cidr', 'allowed', { IpAddress: { 'aws:SourceIp': '2001:db8::/32' } }, { 'aws:SourceIp': '2001:db8::1' }),
  cond('r04-ipv4-policy-ipv6-request', 'implicitDeny', { IpAddress: { 'aws:SourceIp': '0.0.0.0/0' } }, { 'aws:SourceIp': '2001:db8::1' }),
  cond('r04-not-ip-address', 'allowed', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '203.0.113.7' }),
  cond('r04-not-ip-address-inside', 'implicitDeny', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }, { 'aws:SourceIp': '10.1.2.3' }),
  cond('r04-not-ip-address-missing', 'allowed', { NotIpAddress: { 'aws:SourceIp': '10.0.0.0/8' } }),
  cond('r04-arn-equals', 'allowed', { ArnEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:alerts` } }, { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:alerts` }),
  cond('r04-arn-like-segments', 'allowed', { ArnLike: { 'aws:SourceArn': `arn:aws:sns:*:${A}:*` } }, { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:alerts` }),
  cond('r04-arn-like-other-account', 'implicitDeny', { ArnLike: { 'aws:SourceArn': `arn:aws:sns:*:${B}:*` } }, { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:alerts` }),
  cond('r04-arn-not-equals', 'implicitDeny', { ArnNotEquals: { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:alerts` } }, { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:alerts` }),
  cond('r04-arn-not-like', 'allowed', { ArnNotLike: { 'aws:SourceArn': 'arn:aws:lambda:*:*:*' } }, { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:alerts` }),
  cond('r04-arn-like-principal-arn', 'allowed', { ArnLike: { 'aws:PrincipalArn': `arn:aws:iam::${A}:user/*` } }),
  cond('r04-null-true-absent', 'allowed', { Null: { 'aws:TokenIssueTime': 'true' } }),
  cond('r04-null-true-present', 'implicitDeny', { Null: { 'aws:PrincipalTag/team': 'true' } }, T('red')),
  cond('r04-null-false-present', 'allowed', { Null: { 'aws:PrincipalTag/team': 'false' } }, T('red')),
  cond('r04-null-false-absent', 'implicitDeny', { Null: { 'aws:PrincipalTag/team': 'false' } }),
  cond('r04-if-exists-absent', 'allowed', { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'red' } }),
  cond('r04-if-exists-present-mismatch', 'implicitDeny', { StringEqualsIfExists: { 'aws:PrincipalTag/team': 'red' } }, T('blue')),
  cond('r04-numeric-if-exists-present', 'allowed', { NumericLessThanIfExists: { 'aws:MultiFactorAuthAge': '3600' } }, { 'aws:MultiFactorAuthAge': '30' }),
  cond('r04-for-all-values-subset', 'allowed', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, { 'aws:TagKeys': ['env'] }),
  cond('r04-for-all-values-extra', 'implicitDeny', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }, { 'aws:TagKeys': ['env', 'cost-center'] }),
  cond('r04-for-all-values-absent', 'allowed', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env', 'team'] } }),
  cond('r04-for-all-values-empty', 'allowed', { 'ForAllValues:StringEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': [] }),
  cond('r04-for-any-value-one', 'allowed', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': ['team', 'env'] }),
  cond('r04-for-any-value-none', 'implicitDeny', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': ['team'] }),
  cond('r04-for-any-value-absent', 'implicitDeny', { 'ForAnyValue:StringEquals': { 'aws:TagKeys': ['env'] } }),
  cond('r04-for-any-value-not-equals', 'allowed', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': ['env', 'team'] }),
  cond('r04-for-any-value-not-equals-all-in', 'implicitDeny', { 'ForAnyValue:StringNotEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': ['env'] }),
  cond('r04-for-all-values-not-equals', 'allowed', { 'ForAllValues:StringNotEquals': { 'aws:TagKeys': ['env'] } }, { 'aws:TagKeys': ['team', 'Owner'] }),
  cond('r04-for-any-value-like', 'allowed', { 'ForAnyValue:StringLike': { 'aws:PrincipalOrgPaths': ['o-abc123/*/ou-ab12-11111111/*'] } },
    { 'aws:PrincipalOrgPaths': ['o-abc123/r-ab12/ou-ab12-11111111/'] }),
  cond('r04-operators-and', 'implicitDeny', { StringEquals: { 'aws:PrincipalTag/team': 'red' }, Bool: { 'aws:MultiFactorAuthPresent': 'true' } },
    { ...T('red'), 'aws:MultiFactorAuthPresent': 'false' }),
  cond('r04-keys-and', 'allowed', { StringEquals: { 'aws:PrincipalTag/team': 'red', 'aws:RequestedRegion': 'eu-west-1' } },
    { ...T('red'), 'aws:RequestedRegion': 'eu-west-1' }),
  cond('r04-keys-and-one-fails', 'implicitDeny', { StringEquals: { 'aws:PrincipalTag/team': 'red', 'aws:RequestedRegion': 'eu-west-1' } },
    { ...T('red'), 'aws:RequestedRegion': 'us-east-1' }),
  kase('r04-deny-negated-missing-key-applies', 'explicitDeny', ALICE, 's3:ListAllMyBuckets', '*',
    { identityPolicies: [doc(allow('*', '*'), deny('*', '*', { Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }))] }),
  kase('r04-deny-negated-present-equal', 'allowed', ALICE, 's3:ListAllMyBuckets', '*',
    { identityPolicies: [doc(allow('*', '*'), deny('*', '*', { Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc123' } } }))] },
    { 'aws:PrincipalOrgID': 'o-abc123' }),

  // 5. Policy variables.
  kase('r05-username-in-resource', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::reports/${aws:username}/*'))] }),
  kase('r05-username-other-user', 'implicitDeny', user('bob'), 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::reports/${aws:username}/*'))] }),
  kase('r05-variable-key-case-insensitive', 'allowed', ALICE, 'iam:GetUser', userArn('alice'),
    { identityPolicies: [doc(allow('iam:GetUser', `arn:aws:iam::${A}:user/\${AWS:UserName}`))] }),
  kase('r05-variable-in-condition', 'allowed', ALICE, 's3:ListAllMyBuckets', '*',
    { identityPolicies: [doc(allow('s3:ListAllMyBuckets', '*', { Condition: { ArnEquals: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:${aws:PrincipalAccount}:alerts' } } }))] },
    { 'aws:SourceArn': `arn:aws:sns:us-east-1:${A}:alerts` }),
  kase('r05-star-escape-is-literal', 'implicitDeny', ALICE, 's3:ListAllMyBuckets', '*',
    { identityPolicies: [doc(allow('s3:ListAllMyBuckets', '*', { Condition: { StringLike: { 'aws:PrincipalTag/team': 'r${*}' } } }))] }, T('red')),
  kase('r05-star-escape-matches-star', 'allowed', ALICE, 's3:ListAllMyBuckets', '*',
    { identityPolicies: [doc(allow('s3:ListAllMyBuckets', '*', { Condition: { StringLike: { 'aws:PrincipalTag/team': 'r${*}' } } }))] }, T('r*')),
  kase('r05-default-value-used', 'allowed', ALICE, 's3:GetObject', 'arn:aws:s3:::reports/public/index.html',
    { identityPolicies: [doc(allow('s3:GetObject', "arn:aws:s3:::reports/${aws:PrincipalTag/team, 'public'}/*"))] }),
  kase('r05-default-value-not-used', 'implicitDeny', ALICE, 's3:GetObject', 'arn:aws:s3:::reports/public/index.html',
    { identityPolicies: [doc(allow('s3:GetObject', "arn:aws:s3:::reports/${aws:PrincipalTag/team, 'public'}/*"))] }, T('red')),
  kase('r05-missing-variable-matches-nothing', 'implicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:GetObject', 'arn:aws:s3:::reports/${aws:PrincipalTag/team}/*'), allow('s3:GetObject', 'arn:aws:s3:::reports//*'))] }),
  kase('r05-missing-variable-deny-does-not-apply', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'), deny('s3:GetObject', 'arn:aws:s3:::reports/${aws:PrincipalTag/team}*'))] }),
  kase('r05-version-2008-variables-literal', 'implicitDeny', ALICE, 'iam:GetUser', userArn('alice'),
    { identityPolicies: [{ Statement: [allow('iam:GetUser', `arn:aws:iam::${A}:user/\${aws:username}`)] }] }),
  kase('r05-version-2008-explicit', 'implicitDeny', ALICE, 'iam:GetUser', userArn('alice'),
    { identityPolicies: [{ Version: '2008-10-17', Statement: [allow('iam:GetUser', `arn:aws:iam::${A}:user/\${aws:username}`)] }] }),

  // 6. Several identity policies.
  kase('r06-second-policy-allows', 'allowed', ALICE, 's3:PutObject', OBJ,
    { identityPolicies: [doc(allow('s3:GetObject', '*')), doc(allow('s3:PutObject', 'arn:aws:s3:::reports/*'))] }),
  kase('r06-second-policy-denies', 'explicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:GetObject', '*')), doc(deny('s3:*', 'arn:aws:s3:::reports/*'))] }),
  kase('r06-none-allows', 'implicitDeny', ALICE, 's3:DeleteObject', OBJ,
    { identityPolicies: [doc(allow('s3:GetObject', '*')), doc(allow('s3:PutObject', '*'))] }),

  // 7. Permission boundaries.
  kase('r07-boundary-allows', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], permissionBoundaries: [doc(allow('s3:GetObject', '*'))] }),
  kase('r07-boundary-limits', 'implicitDeny', ALICE, 's3:PutObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], permissionBoundaries: [doc(allow('s3:GetObject', '*'))] }),
  kase('r07-boundary-grants-nothing', 'implicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [], permissionBoundaries: [doc(allow('s3:*', '*'))] }),
  kase('r07-boundary-deny', 'explicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], permissionBoundaries: [doc(allow('*', '*'), deny('s3:GetObject', '*'))] }),
  kase('r07-resource-policy-user-arn-not-limited', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [], permissionBoundaries: [doc(allow('iam:*', '*'))],
      resourcePolicy: doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*', { Principal: { AWS: userArn('alice') } })) }),
  kase('r07-resource-policy-role-arn-limited', 'implicitDeny', session('Admin', 'alice'), 's3:GetObject', OBJ,
    { identityPolicies: [], permissionBoundaries: [doc(allow('iam:*', '*'))],
      resourcePolicy: doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*', { Principal: { AWS: `arn:aws:iam::${A}:role/Admin` } })) }),

  // 8. SCPs.
  kase('r08-scp-full-access-levels', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], scps: [[FULL], [FULL], [FULL]] }),
  kase('r08-scp-level-without-allow', 'implicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], scps: [[FULL], [doc(allow('iam:*', '*'))]] }),
  kase('r08-scp-deny', 'explicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], scps: [[FULL, doc(deny('s3:GetObject', '*'))]] }),
  kase('r08-scp-never-grants', 'implicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [], scps: [[FULL]] }),
  kase('r08-scp-deny-with-condition', 'explicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))],
      scps: [[FULL, doc(deny('*', '*', { Condition: { StringNotEquals: { 'aws:RequestedRegion': ['us-east-1'] } } }))]] },
    { 'aws:RequestedRegion': 'eu-west-1' }),

  // 9. Resource policies: same-account union, cross-account intersection, account delegation.
  kase('r09-same-account-resource-policy-alone', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [], resourcePolicy: doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*', { Principal: { AWS: userArn('alice') } })) }),
  kase('r09-same-account-identity-alone', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:GetObject', '*'))], resourcePolicy: doc(allow('s3:GetObject', '*', { Principal: { AWS: userArn('bob') } })) }),
  kase('r09-account-principal-delegates', 'implicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [], resourcePolicy: doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*', { Principal: { AWS: A } })) }),
  kase('r09-account-principal-with-identity', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:GetObject', '*'))], resourcePolicy: doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*', { Principal: { AWS: `arn:aws:iam::${A}:root` } })) }),
  kase('r09-cross-account-both-allow', 'allowed', user('bob', B), 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:GetObject', '*'))], resourcePolicy: doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*', { Principal: { AWS: B } })) }, {}, A),
  kase('r09-cross-account-no-identity', 'implicitDeny', user('bob', B), 's3:GetObject', OBJ,
    { identityPolicies: [], resourcePolicy: doc(allow('s3:GetObject', 'arn:aws:s3:::reports/*', { Principal: { AWS: userArn('bob', B) } })) }, {}, A),
  kase('r09-cross-account-no-resource-policy', 'implicitDeny', user('bob', B), 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:GetObject', '*'))] }, {}, A),
  kase('r09-resource-policy-deny', 'explicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], resourcePolicy: doc(deny('s3:GetObject', 'arn:aws:s3:::reports/*', { Principal: '*' })) }),

  // 10. Principal and NotPrincipal forms.
  kase('r10-principal-star', 'allowed', ALICE, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:orders`,
    { identityPolicies: [], resourcePolicy: doc(allow('sqs:SendMessage', '*', { Principal: '*' })) }),
  kase('r10-principal-aws-star', 'allowed', ALICE, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:orders`,
    { identityPolicies: [], resourcePolicy: doc(allow('sqs:SendMessage', '*', { Principal: { AWS: '*' } })) }),
  kase('r10-principal-role-matches-session', 'allowed', session('Admin', 'ci'), 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:orders`,
    { identityPolicies: [], resourcePolicy: doc(allow('sqs:SendMessage', '*', { Principal: { AWS: `arn:aws:iam::${A}:role/Admin` } })) }),
  kase('r10-principal-session-arn', 'allowed', session('Admin', 'ci'), 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:orders`,
    { identityPolicies: [], resourcePolicy: doc(allow('sqs:SendMessage', '*', { Principal: { AWS: `arn:aws:sts::${A}:assumed-role/Admin/ci` } })) }),
  kase('r10-principal-other-session', 'implicitDeny', session('Admin', 'ci'), 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:orders`,
    { identityPolicies: [], resourcePolicy: doc(allow('sqs:SendMessage', '*', { Principal: { AWS: `arn:aws:sts::${A}:assumed-role/Admin/other` } })) }),
  kase('r10-principal-other-user', 'implicitDeny', ALICE, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:orders`,
    { identityPolicies: [], resourcePolicy: doc(allow('sqs:SendMessage', '*', { Principal: { AWS: userArn('bob') } })) }),
  kase('r10-principal-service-not-user', 'implicitDeny', ALICE, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:orders`,
    { identityPolicies: [], resourcePolicy: doc(allow('sqs:SendMessage', '*', { Principal: { Service: 'sns.amazonaws.com' } })) }),
  kase('r10-principal-list', 'allowed', ALICE, 'sqs:SendMessage', `arn:aws:sqs:us-east-1:${A}:orders`,
    { identityPolicies: [], resourcePolicy: doc(allow('sqs:SendMessage', '*', { Principal: { AWS: [userArn('bob'), userArn('alice')] } })) }),
  kase('r10-not-principal-deny-others', 'explicitDeny', user('bob'), 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: { AWS: userArn('alice') }, Action: 's3:*', Resource: 'arn:aws:s3:::reports/*' }) }),
  kase('r10-not-principal-user-without-account', 'explicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: { AWS: userArn('alice') }, Action: 's3:*', Resource: 'arn:aws:s3:::reports/*' }) }),
  kase('r10-not-principal-exempts-user-and-account', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: { AWS: [userArn('alice'), `arn:aws:iam::${A}:root`] }, Action: 's3:*', Resource: 'arn:aws:s3:::reports/*' }) }),
  kase('r10-not-principal-with-boundary-always-denies', 'explicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], permissionBoundaries: [doc(allow('s3:*', '*'))],
      resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: { AWS: userArn('alice') }, Action: 's3:*', Resource: 'arn:aws:s3:::reports/*' }) }),

  // 11. Role trust policies and KMS key policies must allow.
  kase('r11-trust-policy-must-name-caller', 'implicitDeny', ALICE, 'sts:AssumeRole', `arn:aws:iam::${A}:role/Admin`,
    { identityPolicies: [doc(allow('sts:AssumeRole', '*'))], resourcePolicy: doc(allow('sts:AssumeRole', '*', { Principal: { Service: 'ec2.amazonaws.com' } })) }),
  kase('r11-trust-policy-names-user', 'allowed', ALICE, 'sts:AssumeRole', `arn:aws:iam::${A}:role/Admin`,
    { identityPolicies: [], resourcePolicy: doc(allow('sts:AssumeRole', '*', { Principal: { AWS: userArn('alice') } })) }),
  kase('r11-trust-policy-account-with-identity', 'allowed', ALICE, 'sts:AssumeRole', `arn:aws:iam::${A}:role/Admin`,
    { identityPolicies: [doc(allow('sts:AssumeRole', '*'))], resourcePolicy: doc(allow('sts:AssumeRole', '*', { Principal: { AWS: `arn:aws:iam::${A}:root` } })) }),
  kase('r11-key-policy-account-with-identity', 'allowed', ALICE, 'kms:Decrypt', `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    { identityPolicies: [doc(allow('kms:Decrypt', '*'))], resourcePolicy: doc(allow('kms:*', '*', { Principal: { AWS: `arn:aws:iam::${A}:root` } })) }),
  kase('r11-key-policy-must-allow', 'implicitDeny', ALICE, 'kms:Decrypt', `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    { identityPolicies: [doc(allow('kms:Decrypt', '*'))], resourcePolicy: doc(allow('kms:*', '*', { Principal: { AWS: userArn('bob') } })) }),

  // 12. RCPs (RCPFullAWSAccess implied at every level).
  kase('r12-rcp-deny-insecure', 'explicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))],
      rcps: [[doc(deny('s3:*', '*', { Principal: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }))]] },
    { 'aws:SecureTransport': 'false' }),
  kase('r12-rcp-deny-not-matching', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))],
      rcps: [[doc(deny('s3:*', '*', { Principal: '*', Condition: { BoolIfExists: { 'aws:SecureTransport': 'false' } } }))]] },
    { 'aws:SecureTransport': 'true' }),
  kase('r12-rcp-empty-levels-allow', 'allowed', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], rcps: [[], []] }),
  kase('r12-rcp-org-perimeter', 'explicitDeny', user('bob', B), 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], resourcePolicy: doc(allow('s3:GetObject', '*', { Principal: { AWS: B } })),
      rcps: [[doc(deny('s3:*', '*', { Principal: '*', Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc123' } } }))]] },
    { 'aws:PrincipalOrgID': 'o-xyz789' }, A),

  // 13. Session policies.
  kase('r13-session-policy-allows', 'allowed', session('Admin', 'ci'), 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], sessionPolicy: doc(allow('s3:GetObject', '*')) }),
  kase('r13-session-policy-limits', 'implicitDeny', session('Admin', 'ci'), 's3:PutObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], sessionPolicy: doc(allow('s3:GetObject', '*')) }),
  kase('r13-session-policy-deny', 'explicitDeny', session('Admin', 'ci'), 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], sessionPolicy: doc(allow('*', '*'), deny('s3:GetObject', '*')) }),
  kase('r13-resource-policy-session-arn-not-limited', 'allowed', session('Admin', 'ci'), 's3:GetObject', OBJ,
    { identityPolicies: [], sessionPolicy: doc(allow('iam:*', '*')),
      resourcePolicy: doc(allow('s3:GetObject', '*', { Principal: { AWS: `arn:aws:sts::${A}:assumed-role/Admin/ci` } })) }),
  kase('r13-resource-policy-role-arn-limited', 'implicitDeny', session('Admin', 'ci'), 's3:GetObject', OBJ,
    { identityPolicies: [], sessionPolicy: doc(allow('iam:*', '*')),
      resourcePolicy: doc(allow('s3:GetObject', '*', { Principal: { AWS: `arn:aws:iam::${A}:role/Admin` } })) }),

  kase('r10-federated-user-needs-session-policy', 'implicitDeny',
    { principal: `arn:aws:sts::${A}:federated-user/dana`, context: { 'aws:PrincipalArn': `arn:aws:sts::${A}:federated-user/dana`,
      'aws:PrincipalAccount': A, 'aws:PrincipalType': 'FederatedUser', 'aws:userid': `${A}:dana` } },
    's3:GetObject', OBJ, { identityPolicies: [doc(allow('s3:*', '*'))] }),
  kase('r03-wildcard-in-resource-type', 'allowed', ALICE, 'iam:GetUser', userArn('alice'),
    { identityPolicies: [doc(allow('iam:GetUser', `arn:aws:iam::${A}:u?er/alice`))] }),
  kase('r11-key-policy-absent', 'implicitDeny', ALICE, 'kms:Encrypt', `arn:aws:kms:us-east-1:${A}:key/1234abcd-12ab-34cd-56ef-1234567890ab`,
    { identityPolicies: [doc(allow('kms:*', '*'))] }),

  // Rules that pin down documented oracle disagreements (known_disagreements.md) and the
  // evaluator's reading of empty multivalued keys and variables without a value.
  cond('r04-forany-ifexists-absent-key', 'allowed',
    { 'ForAnyValue:StringNotEqualsIfExists': { 'aws:CalledVia': 'cloudformation.amazonaws.com' } }),
  cond('r04-null-empty-multivalued-key', 'allowed', { Null: { 'aws:CalledVia': 'false' } }, { 'aws:CalledVia': [] }),
  cond('r04-negated-on-empty-multivalued-key', 'implicitDeny',
    { StringNotEquals: { 'aws:CalledVia': 'athena.amazonaws.com' } }, { 'aws:CalledVia': [] }),
  kase('r03-rcp-trailing-star-spill', 'explicitDeny', ALICE, 'sqs:ReceiveMessage', `arn:aws:sqs:eu-west-1:${A}:orders`,
    { identityPolicies: [FULL], rcps: [[doc(deny('sqs:ReceiveMessage', 'arn:aws:sqs:eu-west-1:1111*', { Principal: '*' }))]] }),
  kase('r03-notresource-spill-other-account', 'explicitDeny', ALICE, 'sqs:ReceiveMessage', `arn:aws:sqs:eu-west-1:${A}:orders`,
    { identityPolicies: [doc(allow('*', '*'), { Effect: 'Deny', Action: 'sqs:*', NotResource: 'arn:aws:sqs:eu-west-1:4444*' })] }),
  kase('r10-not-principal-account-only', 'explicitDeny', ALICE, 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'))], resourcePolicy: doc({ Effect: 'Deny', NotPrincipal: { AWS: A }, Action: 's3:*', Resource: 'arn:aws:s3:::reports/*' }) }),
  kase('r05-variable-no-value-deny-notresource', 'allowed', session('Admin', 'ci'), 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'), { Effect: 'Deny', Action: 's3:*', NotResource: 'arn:aws:s3:::reports/${aws:username}/*' })] }),
  cond('r04-bare-ip-other-family', 'allowed', { NotIpAddress: { 'aws:SourceIp': '203.0.113.7' } }, { 'aws:SourceIp': '2001:db8::1' }),
  kase('r05-variable-no-value-deny-negated-condition', 'allowed', session('Admin', 'ci'), 's3:GetObject', OBJ,
    { identityPolicies: [doc(allow('s3:*', '*'), deny('s3:*', '*', { Condition: { StringNotEquals: { 'aws:PrincipalType': '${aws:username}' } } }))] }),

  // 17. The root user.
  kase('r17-root-default-allow', 'allowed', root(), 'iam:GetUser', userArn('alice'), {}),
  kase('r17-root-scp-deny', 'explicitDeny', root(), 'iam:GetUser', userArn('alice'),
    { scps: [[FULL, doc(deny('iam:*', '*'))]] })
];
