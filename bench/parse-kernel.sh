#!/usr/bin/env bash
# Parse bench: mmreview's parser against Coccinelle's `spatch --parse-c` on Linux 6.12 mm/*.c
# plus fs/userfaultfd.c, in the same run. Installs Debian's linux-source-6.12 and coccinelle
# when absent (needs root or sudo), untars the files it needs under bench/out/, then prints:
# files, functions, functions with error nodes (named), lines per second, the SLL->LL
# fallback rate, spatch's "good" percentage and time, and the time ratio.
#
#   bench/parse-kernel.sh            # whole set
#   KERNEL_DIR=/path/to/linux bench/parse-kernel.sh   # an already unpacked tree
#   CONFIGURATIONS=1 bench/parse-kernel.sh   # also parse each file's #elif/#else configurations
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$here/bench/out"
mkdir -p "$out"
tarball=/usr/src/linux-source-6.12.tar.xz

. "$here/bench/kernel-source.sh"
command -v spatch >/dev/null 2>&1 || {
  echo "installing coccinelle ..." >&2
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq coccinelle >&2
}
KERNEL_DIR="$(kernel_source "${KERNEL_DIR:-}")"

cd "$KERNEL_DIR"
files=(mm/*.c fs/userfaultfd.c)

# Build first so that the timed run is the parse alone (JVM start included). The harness,
# org.mmreview.bench.ParseBench, lives in the test sources: the product's `parse` command has
# no benchmark mode.
(cd "$here" && mvn -q -B -DskipTests package -Dstyle.color=never) >&2
cp="$here/target/mmreview.jar:$here/target/test-classes"

# C1 only (-XX:TieredStopAtLevel=1): a run this short gains nothing from C2, whose compiler
# threads would compete with the parse for the (shared) cores; the serial collector with a
# large young generation spends the least CPU on the short-lived trees of one file at a time.
TIMEFORMAT='%U %S'
t0=$(date +%s.%N)
set +e
{ time java -Xss16m -Xmx1g -Xmn400m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -cp "$cp" org.mmreview.bench.ParseBench ${CONFIGURATIONS:+--configurations} "${files[@]}" \
    > "$out/mmreview-stats.txt" 2> "$out/mmreview-stderr.txt"; } 2> "$out/mmreview-cpu.txt"
status=$?
set -e
t1=$(date +%s.%N)
if [ "$status" -gt 1 ]; then
  echo "mmreview failed (exit $status):" >&2
  cat "$out/mmreview-stderr.txt" >&2
  exit 1
fi

t2=$(date +%s.%N)
{ time spatch --parse-c "${files[@]}" > "$out/spatch-parse-c.txt" 2>&1; } 2> "$out/spatch-cpu.txt" || true
t3=$(date +%s.%N)
cpu() { awk '{ printf "%.2f", $1 + $2 }' "$1"; }

ours=$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a }')
theirs=$(awk -v a="$t2" -v b="$t3" 'BEGIN { print b - a }')
echo "== mmreview parse (one JVM, start included) =="
cat "$out/mmreview-stats.txt"
printf 'wall time (JVM start included): %.2f s; CPU time (user+sys, all JVM threads): %s s\n' "$ours" "$(cpu "$out/mmreview-cpu.txt")"
echo
echo "== spatch --parse-c, same files =="
grep -E "NB total files|good or passed|nb good = .* passed" "$out/spatch-parse-c.txt" | sed 's/=========>/=>/' || true
printf 'wall time: %.2f s; CPU time (user+sys): %s s\n' "$theirs" "$(cpu "$out/spatch-cpu.txt")"
echo
awk -v a="$ours" -v b="$theirs" 'BEGIN { printf "wall time ratio mmreview/spatch: %.2f\n", a / b }'
awk -v a="$(cpu "$out/mmreview-cpu.txt")" -v b="$(cpu "$out/spatch-cpu.txt")" \
  'BEGIN { printf "CPU time ratio mmreview/spatch: %.2f\n", a / b }'
