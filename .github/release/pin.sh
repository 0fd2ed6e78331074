#!/usr/bin/env bash
# After the archives of a release are built and summed: commits the checksum file
# (.github/action/checksums/vX.Y.Z.txt, written by checksums.sh) on top of the tagged
# commit, and points the release tag vX.Y.Z and the major tag vX at that commit, so that
# every ref a workflow can pin — @vX.Y.Z, @vX, or the commit SHA — carries the checksums
# of its own release. main is fast-forwarded to it when it has not moved since the tag;
# otherwise the commit is left on a branch `checksums/vX.Y.Z` to merge.
#
# Everything goes through the GitHub REST API (`gh api`, GH_TOKEN with contents: write):
# no credentials are kept in .git/config, and the commit is made by GitHub itself.
#
# Usage: TAG=vX.Y.Z REPO=owner/name pin.sh   (run from the repository root)
# Prints the new commit's SHA to $GITHUB_OUTPUT as `commit`.
set -euo pipefail
tag="${TAG:?TAG is not set}"
repo="${REPO:?REPO is not set}"
version="${tag#v}"
major="v${version%%.*}"
file=".github/action/checksums/${tag}.txt"
[ -f "$file" ] || { echo "::error::$file is missing; run checksums.sh first"; exit 1; }

tagged="$(gh api "repos/$repo/commits/$tag" --jq .sha)"
tree="$(gh api "repos/$repo/git/commits/$tagged" --jq .tree.sha)"

# The tagged tree plus the one checksum file.
jq -n --arg base "$tree" --arg path "$file" --rawfile content "$file" \
  '{base_tree: $base, tree: [{path: $path, mode: "100644", type: "blob", content: $content}]}' > tree.json
new_tree="$(gh api -X POST "repos/$repo/git/trees" --input tree.json --jq .sha)"
jq -n --arg tree "$new_tree" --arg parent "$tagged" --arg message "Checksums of the ${tag} release archives

The action verifies every download against this file (.github/action/install.sh)." \
  '{message: $message, tree: $tree, parents: [$parent]}' > commit.json
commit="$(gh api -X POST "repos/$repo/git/commits" --input commit.json --jq .sha)"
rm -f tree.json commit.json

# Move a tag (or create it) onto the checksum commit.
point() {
  if gh api "repos/$repo/git/ref/tags/$1" > /dev/null 2>&1; then
    gh api -X PATCH "repos/$repo/git/refs/tags/$1" -f sha="$commit" -F force=true > /dev/null
  else
    gh api -X POST "repos/$repo/git/refs" -f ref="refs/tags/$1" -f sha="$commit" > /dev/null
  fi
  echo "tag $1 -> $commit"
}
point "$tag"
point "$major"

# main: fast-forward only.
main="$(gh api "repos/$repo/git/ref/heads/main" --jq .object.sha 2> /dev/null || true)"
if [ "$main" = "$tagged" ] && gh api -X PATCH "repos/$repo/git/refs/heads/main" -f sha="$commit" -F force=false > /dev/null 2>&1; then
  echo "main -> $commit"
else
  gh api -X POST "repos/$repo/git/refs" -f ref="refs/heads/checksums/$tag" -f sha="$commit" > /dev/null
  echo "::notice title=release::main has moved since $tag (or is protected): merge the branch checksums/$tag, so that later releases keep these checksums"
fi
echo "commit=$commit" >> "${GITHUB_OUTPUT:-/dev/null}"
