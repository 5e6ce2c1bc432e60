# Sourced by the scale bench scripts (archive-scale.sh, audit-scale.sh): `replay_inbox SRC N`
# prints the path of a public-inbox v1 archive of N messages replayed from SRC (the shared
# corpus) by replay-archive.pl (fresh Message-IDs and dates), building /tmp/replay-N.git when
# it is absent or holds another number of messages. REPLAY_DIR overrides /tmp.
replay_inbox() {
  local src=$1 n=$2 here dir
  here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
  dir="${REPLAY_DIR:-/tmp}/replay-$n.git"
  if [ ! -d "$dir" ] || [ "$(git -C "$dir" rev-list --count master 2>/dev/null)" != "$n" ]; then
    rm -rf "$dir"
    git init -q --bare "$dir"
    perl "$here/replay-archive.pl" "$src" "$n" | git -C "$dir" fast-import --quiet
  fi
  echo "$dir"
}
