#!/usr/bin/env python3
"""Writes a synthetic account as `aws iam get-account-authorization-details` output, for measuring
`vouch simulate --snapshot` at scale (time and peak memory).

The shape follows bench/iam_eval_bench.cc's synthetic account: POLICIES customer managed policies
of STATEMENTS statements each (actions of 20 services with wildcards, team-scoped resources, a
condition on one statement in four, one Deny in ten), and PRINCIPALS principals (half users, half
roles), each with ATTACH of the managed policies and INLINE inline policies of the same shape.
Deterministic for a given --seed.

    tools/synthetic_account.py OUT_DIR [--principals 1000] [--policies 50] [--statements 20]
                               [--attach 3] [--inline 1] [--seed 1]
    vouch simulate --snapshot OUT_DIR --principal user-7 --action s3:GetObject
"""
import argparse
import json
import os
import random

ACCOUNT = "111122223333"
SERVICES = ["s3", "ec2", "iam", "lambda", "dynamodb", "sqs", "sns", "kms", "logs", "cloudwatch",
            "rds", "ecs", "eks", "sts", "secretsmanager", "ssm", "cloudtrail", "route53",
            "elasticloadbalancing", "autoscaling"]
VERBS = ["Get*", "List*", "Describe*", "Put*", "Delete*", "Create*", "Update*", "*"]
DATE = "2026-01-01T00:00:00+00:00"


def statement(rng, sid):
    svc = rng.choice(SERVICES)
    actions = []
    for _ in range(1 + rng.randrange(4)):
        verb = rng.choice(VERBS)
        actions.append(f"{svc}:{verb}Thing{rng.randrange(50)}" if rng.randrange(3) == 0
                       else f"{svc}:{verb}")
    resource = ("*" if rng.randrange(3) == 0
                else f"arn:aws:{svc}:*:{ACCOUNT}:thing/team{rng.randrange(10)}/*")
    s = {"Sid": sid, "Effect": "Deny" if rng.randrange(10) == 0 else "Allow",
         "Action": actions, "Resource": resource}
    if rng.randrange(4) == 0:
        s["Condition"] = {"StringEquals": {"aws:PrincipalTag/team": f"team{rng.randrange(10)}"}}
    return s


def document(rng, statements, prefix):
    return {"Version": "2012-10-17",
            "Statement": [statement(rng, f"{prefix}S{i}") for i in range(statements)]}


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out_dir")
    ap.add_argument("--principals", type=int, default=1000)
    ap.add_argument("--policies", type=int, default=50)
    ap.add_argument("--statements", type=int, default=20)
    ap.add_argument("--attach", type=int, default=3)
    ap.add_argument("--inline", type=int, default=1)
    ap.add_argument("--seed", type=int, default=1)
    a = ap.parse_args()
    rng = random.Random(a.seed)

    policies = []
    for p in range(a.policies):
        arn = f"arn:aws:iam::{ACCOUNT}:policy/synthetic-{p}"
        policies.append({
            "PolicyName": f"synthetic-{p}", "PolicyId": f"ANPASYNTHETIC{p:07d}", "Arn": arn,
            "Path": "/", "DefaultVersionId": "v1", "AttachmentCount": 0,
            "PermissionsBoundaryUsageCount": 0, "IsAttachable": True, "CreateDate": DATE,
            "UpdateDate": DATE,
            "PolicyVersionList": [{"Document": document(rng, a.statements, f"P{p}"),
                                   "VersionId": "v1", "IsDefaultVersion": True,
                                   "CreateDate": DATE}]})

    users, roles = [], []
    for n in range(a.principals):
        attached = [{"PolicyName": policies[i]["PolicyName"], "PolicyArn": policies[i]["Arn"]}
                    for i in rng.sample(range(a.policies), min(a.attach, a.policies))]
        inline = [{"PolicyName": f"inline-{k}", "PolicyDocument": document(rng, a.statements, f"I{k}")}
                  for k in range(a.inline)]
        tags = [{"Key": "team", "Value": f"team{n % 10}"}]
        if n % 2 == 0:
            name = f"user-{n}"
            users.append({"Path": "/", "UserName": name, "UserId": f"AIDASYNTHETIC{n:07d}",
                          "Arn": f"arn:aws:iam::{ACCOUNT}:user/{name}", "CreateDate": DATE,
                          "GroupList": [], "UserPolicyList": inline,
                          "AttachedManagedPolicies": attached, "Tags": tags})
        else:
            name = f"role-{n}"
            trust = {"Version": "2012-10-17", "Statement": [{
                "Effect": "Allow", "Principal": {"Service": "ec2.amazonaws.com"},
                "Action": "sts:AssumeRole"}]}
            roles.append({"Path": "/", "RoleName": name, "RoleId": f"AROASYNTHETIC{n:07d}",
                          "Arn": f"arn:aws:iam::{ACCOUNT}:role/{name}", "CreateDate": DATE,
                          "AssumeRolePolicyDocument": trust, "InstanceProfileList": [],
                          "RolePolicyList": inline, "AttachedManagedPolicies": attached,
                          "Tags": tags})

    os.makedirs(a.out_dir, exist_ok=True)
    path = os.path.join(a.out_dir, "iam-get-account-authorization-details.json")
    with open(path, "w") as f:
        json.dump({"UserDetailList": users, "GroupDetailList": [], "RoleDetailList": roles,
                   "Policies": policies}, f, indent=1)
    print(path)


if __name__ == "__main__":
    main()
