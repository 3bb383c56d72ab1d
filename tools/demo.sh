#!/usr/bin/env bash
# `./dev demo`: the lab account's questions (examples/lab), answered by the vouch binary given
# as $1. The IAM half and the network half each live in their own script.
set -uo pipefail
VOUCH=$(realpath "${1:-build/vouch}")
cd "$(dirname "$0")/.."
echo "vouch demo: the lab account in examples/lab (account 111122223333)"
status=0
for part in tools/demo_iam.sh tools/demo_net.sh; do
  if [ -x "$part" ]; then
    "$part" "$VOUCH" || status=1
  else
    echo "($part is missing from this checkout)"
    status=1
  fi
done
exit $status
