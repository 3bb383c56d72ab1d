#!/usr/bin/env bash
# The lab account's IAM questions (examples/lab), answered by the vouch binary given as $1.
#
#   tools/demo_iam.sh build/vouch
#
# Each answer names the statements that decided it (policy, Sid, file and JSON pointer).
# Exits non-zero if any command does not answer (exit code other than 0).
set -uo pipefail
bin=$(realpath "${1:-build/vouch}")
cd "$(dirname "$0")/.."
source tools/demo_common.sh "$bin"
echo
echo "== IAM: who can do what in account 111122223333 =="
echo "# user-1 is in USER1GROUP, which attaches the AWS managed ReadOnlyAccess:"
echo "# it may read IAM but not delete groups or role policies."
run simulate --snapshot "$LAB" --principal user-1 \
  --action iam:DeleteGroup --action iam:DeleteRolePolicy --action iam:GetUser
echo
echo "# admin-1 is in Administrators (AdministratorAccess):"
run simulate --snapshot "$LAB" --principal admin-1 --action iam:DeleteGroup
echo
echo "# user-1 may create its own access keys only with MFA: without the key the answer"
echo "# names what is missing; with it, the inline statement that allows."
run simulate --snapshot "$LAB" --principal user-1 --action iam:CreateAccessKey \
  --resource arn:aws:iam::111122223333:user/user-1
run simulate --snapshot "$LAB" --principal user-1 --action iam:CreateAccessKey \
  --resource arn:aws:iam::111122223333:user/user-1 --context aws:MultiFactorAuthPresent=boolean:true
echo
echo "# The app-server role's permissions boundary allows only S3 and CloudWatch Logs, so its"
echo "# DynamoDB grant has no effect (shown as the AWS simulator's response):"
run simulate --snapshot "$LAB" --principal app-server --format aws \
  --action s3:GetObject --resource arn:aws:s3:::lab-app-data/report.csv
run simulate --snapshot "$LAB" --principal app-server \
  --action dynamodb:GetItem --resource arn:aws:dynamodb:us-east-1:111122223333:table/lab-sessions
echo
echo "# security-audit reads everything but data: its inline Deny beats ReadOnlyAccess."
run simulate --snapshot "$LAB" --principal security-audit --action s3:GetObject \
  --resource arn:aws:s3:::lab-app-data/report.csv
run simulate --snapshot "$LAB" --principal security-audit --action s3:ListBucket \
  --resource arn:aws:s3:::lab-app-data
echo
echo "# Who, of all the account's users and roles, can read the app's data? Only app-server"
echo "# and the administrators should; user-1 can too, through ReadOnlyAccess (exit 1)."
run_expecting 1 who-can --snapshot "$LAB" --action s3:GetObject \
  --resource arn:aws:s3:::lab-app-data/report.csv --only app-server --only Administrators
echo
echo "# Who can assume the security-audit role? Its trust policy trusts the account, with MFA:"
echo "# admin-1 may, with MFA; the EC2 service alone may assume app-server (its trust policy),"
echo "# though admin-1's AdministratorAccess allows every action."
run who-can --snapshot "$LAB" --action sts:AssumeRole \
  --resource arn:aws:iam::111122223333:role/security-audit
run who-can --snapshot "$LAB" --action sts:AssumeRole \
  --resource arn:aws:iam::111122223333:role/app-server --only ec2.amazonaws.com
echo
echo "# Who can delete IAM entities or stop CloudTrail's logging? Only Administrators."
run who-can --snapshot "$LAB" --action 'iam:Delete*' --action cloudtrail:StopLogging \
  --action cloudtrail:DeleteTrail --only Administrators
echo
echo "# What if examples/terraform/plan.json is applied? It attaches a new policy to user-1 that"
echo "# lets it delete groups, so the claim that only Administrators can is violated (exit 1)."
run_expecting 1 who-can --snapshot "$LAB" --terraform-plan examples/terraform/plan.json \
  --action iam:DeleteGroup --only Administrators
echo
echo "# Replaying the lab's CloudTrail log against a plan that takes user-1 out of USER1GROUP:"
echo "# two of user-1's logged calls would be denied after it (exit 1: regressions)."
run_expecting 1 replay --snapshot "$LAB" --cloudtrail examples/cloudtrail/logs \
  --terraform-plan examples/cloudtrail/remove-user-1-from-group.json
echo
echo "# And against a plan that hands app-server's trust policy from EC2 to Lambda: EC2's logged"
echo "# AssumeRole of app-server (its instance profile) would be denied after it (exit 1)."
run_expecting 1 replay --snapshot "$LAB" --cloudtrail examples/cloudtrail/logs \
  --terraform-plan examples/cloudtrail/app-server-trusts-lambda.json
echo
echo "# Each user's console password, MFA and access keys, from the IAM credential report,"
echo "# and the CIS AWS Foundations Benchmark's IAM checks: the root user's MFA is a hardware"
echo "# device, no user has two active keys and no customer managed policy allows * on *, but"
echo "# admin-1 signs in to the console without MFA, both users' keys are older than 90 days,"
echo "# and user-1 holds a policy of its own beside its group's (exit 1: violated)."
run_expecting 1 credentials --snapshot "$LAB" --cis
echo
echo "# CloudTrail: LabCloudTrail records every region's management events, and only admin-1"
echo "# can stop it; but its log files cannot be validated and are not KMS-encrypted (exit 1)."
run_expecting 1 trail --snapshot "$LAB" --cis
exit $status
