# Sourced by the benchmark scripts (check.sh, history.sh, report.sh): generates the
# workloads they measure, once, under $WORK. Needs REPO, WORK and a `say` function.
#
# By default the repository's own generator writes them: `cargo xtask genplan` (xtask/).
# GENPLAN=/path/to/genplan.py generates with an external generator that takes the same
# options instead (run with python3), e.g. to compare bearing with another generator's
# truth. Each workload records the generator and options that wrote it, and is written
# again when they change (or with REGEN=1).

workload_generator() {
    if [ -n "${GENPLAN:-}" ]; then
        printf 'python3 %s' "$GENPLAN"
    else
        printf 'cargo xtask genplan'
    fi
}

# generate NAME [generator options...] -> $WORK/NAME/repo and $WORK/NAME/truth.json
generate() {
    local name="$1"; shift
    local dir="$WORK/$name"
    local stamp
    stamp="$(workload_generator)${*:+ $*}"
    if [ -n "${REGEN:-}" ] || [ ! -f "$dir/truth.json" ] || [ ! -d "$dir/repo/plans" ] \
        || [ "$(cat "$dir/generator" 2>/dev/null)" != "$stamp" ]; then
        say "generating workload '$name' ($stamp)"
        rm -rf "$dir"
        mkdir -p "$dir"
        if [ -n "${GENPLAN:-}" ]; then
            python3 "$GENPLAN" "$dir/repo" "$@"
        else
            (cd "$REPO" && cargo xtask genplan "$dir/repo" "$@")
        fi
        printf '%s\n' "$stamp" > "$dir/generator"
    fi
}
