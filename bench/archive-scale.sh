#!/usr/bin/env bash
# Memory stays flat as the archive grows: replays the shared corpus into archives of
# 25k, 50k and 100k messages (fresh Message-IDs and dates, bench/replay-archive.pl) and runs
# `intake --inbox` (one line per patch), `check --inbox --path mm` and `intake --inbox --stats`
# on each under a 256 MiB heap. The first two keep nothing per message and must stay flat;
# --stats groups threads and series, so it keeps a small head per message (its slope is the
# figure to watch).
# Prints per run: exit status, wall and CPU seconds, peak live heap, peak heap in use, and max
# RSS. The live heap is what a full collection leaves: the script asks the JVM for one every
# 2 s (jcmd GC.run) and takes the largest "Pause Full" result of the GC log; heap in use is the
# largest size before any collection.
# Usage: bench/archive-scale.sh [SIZES...]   (default: 25000 50000 100000)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
. "$here/corpus-inbox.sh"
. "$here/replay-inbox.sh"
src="$(corpus_inbox)" || exit 2
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(25000 50000 100000)
out="$root/bench/out/archive-scale"
mkdir -p "$out"
(cd "$root" && mvn -q -B -DskipTests package -Dstyle.color=never) >&2
jar="$root/target/mmreview.jar"


# run NAME SIZE ARGS...: one JVM under 256 MiB with a GC log; prints one table row.
run() {
  local name=$1 n=$2; shift 2
  local gclog="$out/$name-$n.gc" tlog="$out/$name-$n.time"
  /usr/bin/time -f '%e %U %S %M' -o "$tlog" \
    java -Xmx256m -Xss16m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xlog:gc:file="$gclog" \
    -jar "$jar" "$@" >"$out/$name-$n.out" 2>"$out/$name-$n.err" &
  local timer=$!
  local pid=""
  while kill -0 "$timer" 2>/dev/null; do
    sleep 2
    [ -n "$pid" ] || pid=$(pgrep -P "$timer" java || true)
    [ -n "$pid" ] && jcmd "$pid" GC.run >/dev/null 2>&1 || true
  done
  set +e
  wait "$timer"
  local rc=$?
  set -e
  read -r wall user sys rss < <(tail -1 "$tlog")
  # "Pause Young (Allocation Failure) 70M->12M(247M)": after = live heap, before = heap in use
  local live before
  live=$(sed -nE 's/.*Pause Full.* ([0-9]+)M->([0-9]+)M\(.*/\2/p' "$gclog" | sort -n | tail -1)
  before=$(sed -nE 's/.*Pause.* ([0-9]+)M->([0-9]+)M\(.*/\1/p' "$gclog" | sort -n | tail -1)
  printf '%-7s %7s  exit %s  wall %7.1f s  cpu %7.1f s  live heap peak %4s MiB  heap in use peak %4s MiB  rss %5d MiB\n' \
    "$name" "$n" "$rc" "$wall" "$(awk "BEGIN{print $user + $sys}")" "${live:-?}" "${before:-?}" $((rss / 1024))
}

for n in "${sizes[@]}"; do
  inbox="$(replay_inbox "$src" "$n")"
  run intake "$n" intake --inbox "$inbox"
  run check "$n" check --inbox "$inbox" --path mm --format=gcc --fail-on=none
  run stats "$n" intake --inbox "$inbox" --stats
done
echo "outputs and GC logs: $out"
