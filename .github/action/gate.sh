#!/usr/bin/env bash
# Fails the step according to fail-on: error | warning | new | never.
set -euo pipefail
# shellcheck source=.github/action/annotate.sh
. "$(dirname "${BASH_SOURCE[0]}")/annotate.sh"
errors="${ERRORS:-0}"; warnings="${WARNINGS:-0}"; new="${NEW_FINDINGS:-0}"
case "${INPUT_FAIL_ON:-error}" in
  error)   fail=$(( errors > 0 )) ;;
  warning) fail=$(( errors + warnings > 0 )) ;;
  new)     fail=$(( new > 0 )) ;;
  never)   fail=0 ;;
  *) annotate error "fail-on must be error, warning, new or never (got '${INPUT_FAIL_ON}')"; exit 2 ;;
esac
echo "bearing: ${errors} errors, ${warnings} warnings, ${new} new (fail-on: ${INPUT_FAIL_ON:-error})"
if [ "$fail" -eq 1 ]; then exit 1; fi
