#!/usr/bin/env bash
# `mmreview check --all` over Linux 6.12 mm/*.c and fs/userfaultfd.c, with checkpatch.pl
# (the tool a kernel developer would run instead) over the same files in the same run.
# Prints per-rule counts, run times and the time ratio; findings land in
# bench/out/check-kernel/. Installs Debian's linux-source-6.12 when the tree is absent.
# Usage: bench/check-kernel.sh [KERNEL_DIR]   (default: /work/kernel/linux-source-6.12)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
. "$here/kernel-source.sh"
kdir="$(kernel_source "${1:-}")"
out="$root/bench/out/check-kernel"
rm -rf "$out"; mkdir -p "$out"
(cd "$root" && mvn -q -B -DskipTests package)
files=("$kdir"/mm/*.c "$kdir/fs/userfaultfd.c")
lines=$(cat "${files[@]}" | wc -l)
echo "files: ${#files[@]}, lines: $lines"

echo "== mmreview check --all (one JVM, all rules)"
start=$(date +%s.%N)
set +e
(cd "$kdir" && "$root/mmreview" check --all --format=gcc --fail-on=none "${files[@]#$kdir/}") \
  >"$out/findings.txt" 2>"$out/diagnostics.txt"
rc=$?
set -e
end=$(date +%s.%N)
ours=$(awk "BEGIN{print $end - $start}")
printf 'mmreview: %.1f s, exit %d\n' "$ours" "$rc"
echo "findings per rule (severity):"
grep -v ': note: ' "$out/findings.txt" | sed -nE 's/^[^:]+:[0-9]+:[0-9]+: ([a-z]+): .*\[([a-z0-9-]+)\]$/\2 (\1)/p' |
  sort | uniq -c | sort -rn | sed 's/^/  /'
echo "diagnostics: $(wc -l <"$out/diagnostics.txt")"; head -5 "$out/diagnostics.txt" | sed 's/^/  /'

echo "== checkpatch.pl --file on the same files"
start=$(date +%s.%N)
(cd "$kdir" && perl scripts/checkpatch.pl --no-tree --file --terse --show-types --no-summary \
  "${files[@]#$kdir/}" >"$out/checkpatch.txt" 2>&1) || true
end=$(date +%s.%N)
theirs=$(awk "BEGIN{print $end - $start}")
printf 'checkpatch.pl: %.1f s, %d reports\n' "$theirs" "$(wc -l <"$out/checkpatch.txt")"
printf 'time ratio mmreview/checkpatch: %.2f\n' "$(awk "BEGIN{print $ours / $theirs}")"
