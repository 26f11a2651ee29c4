# shellcheck shell=bash
# One PASS/FAIL line per check and the closing "N passed, N failed" line, for the Podman checks.
# Sourced after CHECK_TAG is set (the prefix of `say` lines). pipefail is on in the callers: a pipeline
# never ends with `grep -q`, which can exit before its writer (podman logs, a long /metrics) is done and
# fail the pipeline with SIGPIPE; plain grep reads all its input.
passed=0
failed=0
t_start=$SECONDS

say() { printf '[%s] %s\n' "$CHECK_TAG" "$*"; }
pass() { printf 'PASS %s\n' "$*"; passed=$((passed + 1)); }
fail() { printf 'FAIL %s\n' "$*"; failed=$((failed + 1)); }
check() {
  local name=$1
  shift
  if "$@"; then pass "$name"; else fail "$name"; fi
}
summary() {
  say "whole check: $((SECONDS - t_start)) s"
  echo "$passed passed, $failed failed"
  [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}
# Podman cannot run at all: say why, count it as a failure, never pass silently.
give_up() {
  fail "$1"
  summary
  exit 1
}
