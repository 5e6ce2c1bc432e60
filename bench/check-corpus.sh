#!/usr/bin/env bash
# `mmreview check` over every patch of the shared public-inbox corpus that touches mm/:
# must complete with no crash; prints the run time, the per-rule counts and the
# diagnostics by kind. Findings land in bench/out/check-corpus/findings.{txt,json}.
# Usage: bench/check-corpus.sh [INBOX]   (default: /tmp/corpus.git, cloned from the bundle)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
. "$here/corpus-inbox.sh"
inbox="$(corpus_inbox "${1:-}")" || exit 2
out="$root/bench/out/check-corpus"
rm -rf "$out"; mkdir -p "$out"
(cd "$root" && mvn -q -B -DskipTests package)

echo "== mmreview check --inbox $inbox --path mm (human and gcc formats)"
start=$(date +%s.%N)
set +e
"$root/mmreview" check --inbox "$inbox" --path mm --format=gcc --fail-on=none \
  >"$out/findings.txt" 2>"$out/diagnostics.txt"
rc=$?
set -e
end=$(date +%s.%N)
"$root/mmreview" check --inbox "$inbox" --path mm --format=json --fail-on=none \
  >"$out/findings.json" 2>/dev/null || true
echo "exit status: $rc (0 expected with --fail-on=none; 3 would be a crash)"
printf 'run time: %.1f s (including JVM start)\n' "$(awk "BEGIN{print $end - $start}")"
echo "findings per rule:"
grep -v ': note: ' "$out/findings.txt" | sed -n 's/.*\[\([a-z0-9-]*\)\]\( \[[^]]*\]\)*$/\1/p' | sort | uniq -c | sort -rn | sed 's/^/  /'
echo "diagnostics: $(wc -l <"$out/diagnostics.txt") (by kind, first words after the input):"
sed -E 's/^mmreview: [^:]*: //; s/[0-9]+/N/g' "$out/diagnostics.txt" | cut -c1-60 | sort | uniq -c | sort -rn | head -15 | sed 's/^/  /'
if grep -q "internal error\|failed and was skipped" "$out/diagnostics.txt"; then
  echo "CRASHES:"; grep "internal error\|failed and was skipped" "$out/diagnostics.txt" | head
  exit 1
fi
