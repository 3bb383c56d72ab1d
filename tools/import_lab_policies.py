#!/usr/bin/env python3
"""Imports the real documents of the AWS managed policies that the lab account attaches.

    python3 tools/import_lab_policies.py [--data PATH]

The lab's get-account-authorization-details output (examples/lab/iam-get-account-authorization-
details.json) lists the AWS managed policies its principals attach, as the AWS CLI prints them with
`--filter AWSManagedPolicy`. This script replaces the default version of each such entry with the
policy's published document and version id, so vouch answers the lab with the real policies and
never reads anything outside the repository at run time.

Provenance of the documents (see ../shared/data/README.md beside the checkout):
  ../shared/data/aws-managed-policies.jsonl, from the public repository iann0036/iam-dataset,
  file tree aws/managedpolicies/, commit 2073fa52ac008a45477aa0b1b4580cd99135bf60 (2026-08-22),
  MIT License (Copyright (c) 2021 Ian Mckay); AdministratorAccess was added to that file from its
  public definition (Allow `*` on `*`).
The same provenance is written to examples/lab/IAM-SOURCES.md.
"""
import argparse
import json
import os
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GAAD = os.path.join(ROOT, "examples", "lab", "iam-get-account-authorization-details.json")
SOURCES = os.path.join(ROOT, "examples", "lab", "IAM-SOURCES.md")
DEFAULT_DATA = os.path.join(ROOT, "..", "shared", "data", "aws-managed-policies.jsonl")
PROVENANCE = (
    "iann0036/iam-dataset, aws/managedpolicies/, commit 2073fa52ac008a45477aa0b1b4580cd99135bf60 "
    "(2026-08-22), MIT License (Copyright (c) 2021 Ian Mckay), via vouch's shared "
    "aws-managed-policies.jsonl (AdministratorAccess added there from its public definition)"
)


def load_dataset(path):
    by_arn = {}
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                entry = json.loads(line)
                by_arn[entry["arn"]] = entry
    return by_arn


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", default=DEFAULT_DATA, help="aws-managed-policies.jsonl")
    args = parser.parse_args()
    dataset = load_dataset(args.data)
    with open(GAAD, encoding="utf-8") as f:
        gaad = json.load(f)
    imported = []
    for policy in gaad["Policies"]:
        arn = policy["Arn"]
        if not arn.startswith("arn:aws:iam::aws:policy/"):
            continue
        if arn not in dataset:
            sys.exit(f"import_lab_policies: `{arn}` is not in {args.data}")
        entry = dataset[arn]
        policy["DefaultVersionId"] = entry["version"]
        policy["PolicyVersionList"] = [{
            "Document": entry["document"],
            "VersionId": entry["version"],
            "IsDefaultVersion": True,
            "CreateDate": policy.get("UpdateDate", policy.get("CreateDate")),
        }]
        imported.append((entry["name"], entry["version"]))
    with open(GAAD, "w", encoding="utf-8") as f:
        json.dump(gaad, f, indent=4)
        f.write("\n")
    with open(SOURCES, "w", encoding="utf-8") as f:
        f.write("# Where the lab's IAM data comes from\n\n")
        f.write("The lab account (111122223333) is made up; its files have the shapes the AWS CLI "
                "prints (`aws iam get-account-authorization-details`, `list-access-keys`, "
                "`list-mfa-devices`, `list-virtual-mfa-devices`, `get-login-profile`).\n\n")
        f.write("The AWS managed policies in `iam-get-account-authorization-details.json` carry "
                "their real published documents, imported by `tools/import_lab_policies.py` from "
                f"{PROVENANCE}:\n\n")
        for name, version in imported:
            f.write(f"- {name} ({version})\n")
    print(f"imported {', '.join(n for n, _ in imported)} into {os.path.relpath(GAAD, ROOT)}")


if __name__ == "__main__":
    main()
