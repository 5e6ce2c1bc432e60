# Sourced by the corpus bench scripts: `corpus_inbox [DIR]` prints the public-inbox archive
# to read (default /tmp/corpus.git), cloning it from the shared bundle when absent.
corpus_inbox() {
  local root bundle inbox
  root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
  bundle="$root/../shared/corpus/linux-kselftest-mm-2019-2023.bundle"
  inbox="${1:-/tmp/corpus.git}"
  if [ ! -d "$inbox" ]; then
    [ -f "$bundle" ] || { echo "no corpus: $bundle is missing" >&2; return 2; }
    git clone -q --bare "$bundle" "$inbox"
  fi
  echo "$inbox"
}
