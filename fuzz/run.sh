#!/usr/bin/env bash
# Fuzzes bearing's YAML readers against each other for SECONDS (default: $FUZZ_SECONDS,
# else 60) with AFL++ through cargo-afl, on the stable toolchain; exits non-zero on any
# crash, a difference between two readings included. See fuzz/README.md.
#
#   fuzz/run.sh [SECONDS]        fuzz, seeded from every fixture
#   fuzz/run.sh --replay FILE... run the target once on each FILE and show what differs
#
# The seeds: every fixture, and the small texts in fuzz/seeds/.
#
# Needs cargo-afl (`cargo install cargo-afl --locked`), which builds AFL++ with make and
# a C compiler; .ci/run installs all of it. FUZZ_OUT keeps AFL++'s findings in a folder
# of your choice (default: a temporary folder, removed unless something was found).
set -euo pipefail
cd "$(dirname "$0")"

target=target/release/yaml_differential

build() {
  if ! cargo afl --version > /dev/null 2>&1; then
    echo "cargo-afl is missing: cargo install cargo-afl --locked" >&2
    exit 2
  fi
  # cargo-afl builds AFL++ when it is installed; were make missing then, build it now.
  if cargo afl build --help 2>&1 | grep -q 'cargo afl config --build'; then
    cargo afl config --build
  fi
  cargo afl build --release --locked --quiet
}

replay() {
  local status=0
  for input in "$@"; do
    echo "== $input"
    # Outside AFL++ the target reads one input from stdin and runs it once.
    if ! RUST_BACKTRACE=0 "$target" < "$input" 2>&1; then
      status=1
    fi
  done
  return "$status"
}

if [ "${1:-}" = --replay ]; then
  shift
  build
  replay "$@"
  exit
fi

seconds="${1:-${FUZZ_SECONDS:-60}}"
build

work="$(mktemp -d)"
out="${FUZZ_OUT:-$work/out}"
# Seeds: every YAML fixture (valid plans, invalid ones, hostile ones) and the small
# texts in seeds/, one shape of YAML each. AFL++ stops at a seed that crashes, without
# saying why: each is replayed first, and a difference there is shown and fails the run.
mkdir "$work/seeds"
find ../fixtures seeds -type f \( -name '*.yaml' -o -name '*.yml' \) -size -64k -print0 |
  while IFS= read -r -d '' file; do
    cp "$file" "$work/seeds/$(printf '%s' "$file" | md5sum | cut -c1-16).yaml"
  done
if ! replay "$work"/seeds/* > "$work/seeds.log" 2>&1; then
  grep -B1 -A4 'differ\|panicked' "$work/seeds.log" >&2
  echo "a seed already reads differently (all of it: $work/seeds.log)" >&2
  exit 1
fi

echo "fuzzing for ${seconds}s from $(find "$work/seeds" -type f | wc -l) seeds; AFL++'s log: $work/afl.log"
# No UI, no CPU binding or frequency check (CI machines are shared), crashes kept even
# where core dumps go to a handler. -t: generous per input, a loaded machine is slow.
if ! AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_FAST_CAL=1 \
  AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_AUTORESUME=1 \
  cargo afl fuzz -V "$seconds" -t 5000 -x yaml.dict -i "$work/seeds" -o "$out" \
  -- "$target" > "$work/afl.log" 2>&1; then
  tail -n 30 "$work/afl.log" >&2
  echo "afl-fuzz failed; its log: $work/afl.log" >&2
  exit 2
fi

stats="$out/default/fuzzer_stats"
field() { sed -n "s/^$1 *: *//p" "$stats"; }
echo "execs: $(field execs_done), $(field execs_per_sec)/s; corpus: $(field corpus_count);" \
  "crashes: $(field saved_crashes); hangs (over 5 s, not failures): $(field saved_hangs)"

shopt -s nullglob
crashes=("$out"/default/crashes/id:*)
if [ "${#crashes[@]}" -gt 0 ]; then
  echo "${#crashes[@]} crashing inputs, kept in $out/default/crashes; the first ones:" >&2
  replay "${crashes[@]:0:5}" >&2 || true
  exit 1
fi
rm -rf "$work"
