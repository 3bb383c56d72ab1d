# Shared by the demo scripts. From the repo root, `source tools/demo_common.sh BINARY` (an
# absolute path) sets VOUCH, LAB and status, and defines run, which prints a command with its
# answer and exit code and records any exit code other than 0 in status; run_expecting CODE
# does the same for a command whose expected answer is exit code CODE (1: a claim is violated).
VOUCH=$1
LAB=examples/lab
status=0
run_expecting() {
  local expected=$1
  shift
  echo
  echo "\$ vouch $*"
  "$VOUCH" "$@"
  local code=$?
  echo "(exit $code)"
  [ $code -eq "$expected" ] || status=1
}
run() { run_expecting 0 "$@"; }
