#!/usr/bin/env bash
# The lab account's questions, answered by the vouch binary given as $1.
set -uo pipefail
VOUCH=${1:-build/vouch}
cd "$(dirname "$0")/.."
LAB=examples/lab
run() { echo; echo "\$ vouch $*"; "$VOUCH" "$@"; echo "(exit $?)"; }
echo "vouch demo on the lab account ($LAB)"
