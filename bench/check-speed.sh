#!/usr/bin/env bash
# Speed of `mmreview check --all` over Linux 6.12 mm/*.c + fs/userfaultfd.c: CPU (user+sys) and
# wall time, against parse-only (`mmreview parse`, the floor the rules add to) and against
# `checkpatch.pl --file` over the same files in the same run, with the ratios; then the hook
# case, one small fixture patch checked from a cold JVM (launcher, JVM start included).
# CPU is what counts on a loaded machine: wall time varies with the other jobs.
#
#   bench/check-speed.sh [KERNEL_DIR]     (default: /work/kernel/linux-source-6.12)
#   RUNS=3 bench/check-speed.sh           (repeat each timing; every run is printed)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
. "$here/kernel-source.sh"
kdir="$(kernel_source "${1:-}")"
runs="${RUNS:-1}"
out="$root/bench/out/check-speed"
rm -rf "$out"; mkdir -p "$out"
"$root/mmreview" --version >/dev/null   # build the jar outside the timings
cd "$kdir"
files=(mm/*.c fs/userfaultfd.c)
echo "files: ${#files[@]}, lines: $(cat "${files[@]}" | wc -l), runs: $runs"

# timed NAME CMD...: runs CMD under GNU time, stdout to $out/NAME.out; prints
# "NAME cpu=U+S wall=W" and leaves the CPU and wall seconds in $cpu and $wall.
timed() {
  local name="$1"; shift
  /usr/bin/time -f '%U %S %e' -o "$out/$name.time" "$@" >"$out/$name.out" 2>"$out/$name.err" || true
  read -r u s w < <(tail -n 1 "$out/$name.time")  # GNU time may prepend "Command exited with ..."
  cpu=$(awk -v u="$u" -v s="$s" 'BEGIN { printf "%.2f", u + s }')
  wall="$w"
  printf '%-14s cpu %8.2fs   wall %8.2fs\n' "$name" "$cpu" "$wall"
}

for r in $(seq "$runs"); do
  echo "== run $r"
  timed parse "$root/mmreview" parse "${files[@]}"; parse_cpu=$cpu
  timed check "$root/mmreview" check --all --format=gcc --fail-on=none "${files[@]}"
  check_cpu=$cpu; check_wall=$wall
  timed checkpatch perl scripts/checkpatch.pl --no-tree --file --terse "${files[@]}"
  cp_cpu=$cpu; cp_wall=$wall
  awk -v c="$check_cpu" -v p="$parse_cpu" -v k="$cp_cpu" -v cw="$check_wall" -v kw="$cp_wall" 'BEGIN {
    printf "check/parse cpu %.2fx   check/checkpatch cpu %.2fx   wall %.2fx\n", c / p, c / k, cw / kw }'
  echo "findings: $(wc -l <"$out/check.out") lines (bench/out/check-speed/check.out)"
  cd "$root"
  timed hook ./mmreview check fixtures/rules/retry-stale-snapshot/fire_split_copy_retry.patch
  cd "$kdir"
done
