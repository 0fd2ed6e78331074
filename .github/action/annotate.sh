# Sourced by the action's scripts: the one way they write a workflow command, so that no
# value (an input, a revision, a path) can end the command and start another. GitHub
# reads `%`, CR and LF in a command's message as `%25`, `%0D` and `%0A`.
annotate() {
  local level="$1"; shift
  local message="$*"
  message="${message//'%'/'%25'}"
  message="${message//$'\r'/'%0D'}"
  message="${message//$'\n'/'%0A'}"
  echo "::${level} title=bearing::${message}"
}

# A revision as the action accepts it from an input or the event payload: a commit id, a
# branch or tag name, or `HEAD~N`-style notation. Never an option (`--upload-pack=…`),
# never whitespace or a control character.
valid_revision() {
  [[ "$1" =~ ^[A-Za-z0-9_][A-Za-z0-9._/~^@{}-]*$ ]] && [[ "$1" != *..* ]]
}
