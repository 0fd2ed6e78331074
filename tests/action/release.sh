#!/usr/bin/env bash
# The action's install step against a release served from 127.0.0.1, end to end: the
# real binary packed by the release workflow's own scripts (.github/release/), its
# checksum committed in a copy of the action, `python3 -m http.server` as GitHub's
# release downloads. Proves: a good checksum installs in under 10 seconds and the binary
# checks the worked example; a tampered archive is refused with a clear error and nothing
# is installed; an unknown platform names the platforms that exist; a version this ref
# has no checksums for is refused. Needs: $BEARING (the binary), python3, curl, tar.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
tmp="$(mktemp -d)"
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2> /dev/null || true; wait "$server" 2> /dev/null || true; fi
  rm -rf "$tmp"
}
trap cleanup EXIT
fail() { echo "FAIL: $*"; exit 1; }

version="$(sed -n '/^\[package\]/,/^\[/p' "$root/Cargo.toml" | sed -n 's/^version *= *"\(.*\)"$/\1/p' | head -n 1)"
case "$(uname -m)" in
  x86_64) arch=X64; target=x86_64-unknown-linux-musl ;;
  aarch64 | arm64) arch=ARM64; target=aarch64-unknown-linux-musl ;;
  *) echo "release.sh: no release target for $(uname -m); skipped"; exit 0 ;;
esac

# The action as a workflow would get it, with the checksums of this release committed.
action="$tmp/action"
mkdir -p "$action/.github/action" "$action/.github/release"
cp "$root/Cargo.toml" "$root/README.md" "$action/"
cp "$root/.github/action/install.sh" "$root/.github/action/annotate.sh" "$action/.github/action/"
cp "$root/.github/release/"*.sh "$action/.github/release/"
# The release: packed and summed by the release workflow's scripts.
releases="$tmp/releases"
mkdir -p "$releases/v$version"
(cd "$action" && bash .github/release/package.sh "$target" "$BEARING" "$releases/v$version" > /dev/null)
(cd "$action" && bash .github/release/checksums.sh "$releases/v$version" > /dev/null)
[ -f "$action/.github/action/checksums/v$version.txt" ] || fail "checksums.sh wrote no checksum file"
cmp -s "$action/.github/action/checksums/v$version.txt" "$releases/v$version/SHA256SUMS" || fail "the committed checksums differ from SHA256SUMS"

# GitHub's release downloads, played by a local server on a free port.
python3 -u -m http.server --bind 127.0.0.1 --directory "$releases" 0 > "$tmp/server.log" 2>&1 &
server=$!
port=""
for _ in $(seq 1 50); do
  port="$(sed -n 's/.*port \([0-9][0-9]*\).*/\1/p' "$tmp/server.log" | head -n 1)"
  if [ -n "$port" ]; then break; fi
  sleep 0.1
done
[ -n "$port" ] || { cat "$tmp/server.log"; fail "the local release server did not start"; }

install() {
  # Runs the install step as the action does; prints its stdout, keeps stderr apart.
  GITHUB_ACTION_PATH="$action" GITHUB_OUTPUT="$tmp/output" RUNNER_TEMP="$tmp/runner" \
    BEARING_RELEASES_URL="http://127.0.0.1:$port" RUNNER_OS="${os:-Linux}" RUNNER_ARCH="${runner_arch:-$arch}" \
    BEARING_VERSION="${want-}" bash "$action/.github/action/install.sh"
}
mkdir -p "$tmp/runner"

# --- a good checksum installs, in seconds, and the binary works on the worked example
: > "$tmp/output"
start="$(date +%s%N)"
want="" install > "$tmp/good.out" 2>&1 || { cat "$tmp/good.out"; fail "the install of a good release failed"; }
elapsed_ms=$(( ($(date +%s%N) - start) / 1000000 ))
echo "install of v$version ($target) from 127.0.0.1: ${elapsed_ms} ms"
[ "$elapsed_ms" -lt 10000 ] || fail "the install took ${elapsed_ms} ms, over 10 s"
grep -q "sha256 [0-9a-f]\{64\} verified" "$tmp/good.out" || { cat "$tmp/good.out"; fail "the install did not say it verified the checksum"; }
bin="$(sed -n 's/^bin=//p' "$tmp/output")"
[ -x "$bin" ] || fail "no installed binary at '$bin'"
"$bin" --version | grep -q "^bearing $version$" || fail "the installed binary is not bearing $version"
status=0
"$bin" -C "$root/fixtures/example" check --as-of 2026-10-01 --format github > "$tmp/check.out" || status=$?
[ "$status" = 1 ] && grep -q '^::error file=' "$tmp/check.out" || { cat "$tmp/check.out"; fail "the installed binary did not check the worked example (exit $status)"; }
# `v0.1.0` and `0.1.0` name the same release.
: > "$tmp/output"
want="v$version" install > /dev/null 2>&1 || fail "version v$version was not accepted"

# --- a tampered archive is refused: a clear error, nothing installed
archive="$releases/v$version/bearing-$version-$target.tar.gz"
cp "$archive" "$tmp/good.tar.gz"
printf 'x' >> "$archive"
rm -rf "$tmp/runner"; mkdir -p "$tmp/runner"; : > "$tmp/output"
status=0
want="" install > "$tmp/bad.out" 2>&1 || status=$?
[ "$status" != 0 ] || fail "a tampered archive was installed"
grep -q "^::error title=bearing::checksum mismatch for bearing-$version-$target.tar.gz: expected [0-9a-f]\{64\}.*refusing to install it" "$tmp/bad.out" \
  || { cat "$tmp/bad.out"; fail "no clear checksum error"; }
grep -q '^bin=' "$tmp/output" && fail "a refused install set the bin output"
[ -z "$(find "$tmp/runner" -name bearing -type f)" ] || fail "a refused archive was unpacked"
cp "$tmp/good.tar.gz" "$archive"

# --- an unknown platform names the platforms that exist
status=0
os=Linux runner_arch=ARM want="" install > "$tmp/platform.out" 2>&1 || status=$?
[ "$status" != 0 ] || fail "an unknown platform installed something"
grep -q "no bearing release is built for Linux ARM; releases exist for: Linux X64, Linux ARM64, macOS X64, macOS ARM64, Windows X64" "$tmp/platform.out" \
  || { cat "$tmp/platform.out"; fail "the unknown platform's error does not name the platforms"; }
status=0
os=FreeBSD runner_arch=X64 want="" install > "$tmp/platform.out" 2>&1 || status=$?
[ "$status" != 0 ] && grep -q "releases exist for: Linux X64" "$tmp/platform.out" || fail "FreeBSD was not refused with the list"

# --- a version this ref of the action has no checksums for is refused, naming those it has
status=0
want="9.9.9" install > "$tmp/unknown.out" 2>&1 || status=$?
[ "$status" != 0 ] || fail "a version without committed checksums was installed"
grep -q "no checksums for bearing v9.9.9 (it knows: v$version )" "$tmp/unknown.out" || { cat "$tmp/unknown.out"; fail "the unknown version's error does not name the known ones"; }
grep -q "^GET /v9.9.9" "$tmp/server.log" && fail "an unverifiable version was downloaded at all"

echo "release install: ok"
