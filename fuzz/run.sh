#!/usr/bin/env bash
# Fuzzes bearing with AFL++ through cargo-afl, on the stable toolchain; exits non-zero on
# any crash (a panic, or a property of the target broken). See fuzz/README.md.
#
#   fuzz/run.sh [TARGET] [SECONDS]      fuzz one target (default: yaml_differential) for
#                                       SECONDS (default: $FUZZ_SECONDS, else 60)
#   fuzz/run.sh --all [SECONDS]         every target in turn, SECONDS each; fails if any
#                                       crashed
#   fuzz/run.sh --replay [TARGET] FILE... run TARGET once on each FILE and show the panic
#   fuzz/run.sh --list                  the targets
#
# Seeds: every fixture, the small texts in fuzz/seeds/, and fuzz/seeds/TARGET/.
#
# Needs cargo-afl (`cargo install cargo-afl --locked`), which builds AFL++ with make and
# a C compiler; .ci/run installs all of it. FUZZ_OUT keeps AFL++'s findings in a folder
# of your choice (FUZZ_OUT/TARGET; default: a temporary folder, removed unless something
# was found), and resumes from them the next time.
set -euo pipefail
cd "$(dirname "$0")"

targets=(yaml_differential loader schema sanitizer site history)

is_target() {
  local t
  for t in "${targets[@]}"; do [ "$t" = "$1" ] && return 0; done
  return 1
}

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
  local target="target/release/$1" status=0
  shift
  for input in "$@"; do
    echo "== $input"
    # Outside AFL++ a target reads one input from stdin and runs it once.
    if ! RUST_BACKTRACE=0 "$target" < "$input" 2>&1; then
      status=1
    fi
  done
  return "$status"
}

# The seeds of a target into folder $2: every YAML fixture (valid plans, invalid ones,
# hostile ones), the one-shape-each texts in seeds/, the target's own seeds, and for the
# loader and site targets the worked example as one input of several files.
seeds() {
  local target="$1" dir="$2" file
  mkdir -p "$dir"
  {
    find ../fixtures -type f \( -name '*.yaml' -o -name '*.yml' \) -size -64k -print0
    find seeds -maxdepth 1 -type f -name '*.yaml' -print0
    if [ -d "seeds/$target" ]; then find "seeds/$target" -type f -size -64k -print0; fi
  } | while IFS= read -r -d '' file; do
    cp "$file" "$dir/$(printf '%s' "$file" | md5sum | cut -c1-16)"
  done
  case "$target" in
    loader | site)
      {
        echo '#>>> bearing.yaml'
        cat ../fixtures/example/bearing.yaml
        find ../fixtures/example/plans -name '*.yaml' | sort | while read -r file; do
          echo "#>>> ${file#../fixtures/example/}"
          cat "$file"
        done
      } > "$dir/example"
      ;;
  esac
}

# Fuzzes $1 for $2 seconds; prints its figures; returns 1 if it crashed.
fuzz() {
  local target="$1" seconds="$2" work out stats
  work="$(mktemp -d)"
  out="${FUZZ_OUT:+$FUZZ_OUT/$target}"
  out="${out:-$work/out}"
  mkdir -p "$(dirname "$out")"
  seeds "$target" "$work/seeds"
  # AFL++ stops at a seed that crashes, without saying why: each is replayed first, and
  # a crash there is shown and fails the run.
  if ! replay "$target" "$work"/seeds/* > "$work/seeds.log" 2>&1; then
    grep -B1 -A6 'panicked' "$work/seeds.log" | head -n 40 >&2
    echo "$target: a seed already crashes (all of it: $work/seeds.log)" >&2
    return 1
  fi
  local dict=()
  case "$target" in
    yaml_differential) dict=(-x yaml.dict) ;;
    loader | schema | site | history) dict=(-x yaml.dict -x plan.dict) ;;
    sanitizer) dict=(-x html.dict) ;;
  esac
  echo "== $target: fuzzing for ${seconds}s from $(find "$work/seeds" -type f | wc -l) seeds; AFL++'s log: $work/afl.log"
  # No UI, no CPU binding or frequency check (CI machines are shared), crashes kept even
  # where core dumps go to a handler. -t: generous per input, a loaded machine is slow.
  if ! AFL_NO_UI=1 AFL_NO_AFFINITY=1 AFL_SKIP_CPUFREQ=1 AFL_FAST_CAL=1 \
    AFL_I_DONT_CARE_ABOUT_MISSING_CRASHES=1 AFL_AUTORESUME=1 \
    cargo afl fuzz -V "$seconds" -t 5000 "${dict[@]}" -i "$work/seeds" -o "$out" \
    -- "target/release/$target" > "$work/afl.log" 2>&1; then
    tail -n 30 "$work/afl.log" >&2
    echo "$target: afl-fuzz failed; its log: $work/afl.log" >&2
    return 2
  fi
  stats="$out/default/fuzzer_stats"
  field() { sed -n "s/^$1 *: *//p" "$stats"; }
  echo "$target: execs: $(field execs_done), $(field execs_per_sec)/s; corpus: $(field corpus_count);" \
    "crashes: $(field saved_crashes); hangs (over 5 s, not failures): $(field saved_hangs)"
  shopt -s nullglob
  local crashes=("$out"/default/crashes/id:*)
  shopt -u nullglob
  if [ "${#crashes[@]}" -gt 0 ]; then
    echo "$target: ${#crashes[@]} crashing inputs, kept in $out/default/crashes; the first ones:" >&2
    # Each one's file and panic message (the whole of it: --replay).
    replay "$target" "${crashes[@]:0:5}" 2>&1 |
      awk '/^== /{print; next} /panicked at/{n=4} n>0{print substr($0, 1, 300); n--}' >&2 || true
    return 1
  fi
  rm -rf "$work"
}

case "${1:-}" in
  --list)
    printf '%s\n' "${targets[@]}"
    ;;
  --replay)
    shift
    target=yaml_differential
    if [ $# -gt 0 ] && is_target "$1"; then
      target="$1"
      shift
    fi
    build
    replay "$target" "$@"
    ;;
  --all)
    seconds="${2:-${FUZZ_SECONDS:-60}}"
    build
    failed=()
    for target in "${targets[@]}"; do
      fuzz "$target" "$seconds" || failed+=("$target")
    done
    if [ "${#failed[@]}" -gt 0 ]; then
      echo "crashed: ${failed[*]}" >&2
      exit 1
    fi
    ;;
  *)
    target=yaml_differential
    if [ $# -gt 0 ] && is_target "$1"; then
      target="$1"
      shift
    elif [ $# -gt 0 ] && ! [[ "$1" =~ ^[0-9]+$ ]]; then
      echo "unknown target \`$1\`; the targets: ${targets[*]}" >&2
      exit 2
    fi
    seconds="${1:-${FUZZ_SECONDS:-60}}"
    build
    fuzz "$target" "$seconds"
    ;;
esac
