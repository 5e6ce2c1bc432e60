#!/usr/bin/env bash
# `audit run` at scale: the shared corpus replayed into 25k / 50k / 100k-message public-inbox
# archives (bench/replay-archive.pl: fresh Message-IDs and dates), each audited into a fresh
# database with a 1 GiB heap on all cores, side by side with
#   - the raw read: `git cat-file --batch` of every message's mail blob (the floor any reader pays),
#   - checkpatch.pl --no-tree on a sample of the archive's patch mails, scaled to all of them.
# Target: the 100k audit in at most 10x the raw read's wall time; memory flat across sizes.
# Each size is audited twice: a timed run (a GC log only: the wall and CPU figures the target is
# about) and a memory run that asks for a full collection every 2 s with jcmd GC.run, for the
# peak live heap (what a full collection leaves); the forced collections cost the memory run
# time, so its times are not the audit's. Prints per size: the raw read, the timed run's wall and
# CPU seconds, its GC pause total and max RSS, the memory run's live heap peak, and the audit's
# own counts.
# Usage: bench/audit-scale.sh [SIZES...]   (default: 25000 50000 100000)
#        CHECKPATCH=/path/to/scripts/checkpatch.pl SAMPLE=200 JOBS=2 MEMORY=0 bench/audit-scale.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
. "$here/corpus-inbox.sh"
. "$here/replay-inbox.sh"
src="$(corpus_inbox)" || exit 2
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(25000 50000 100000)
out="$root/bench/out/audit-scale"
mkdir -p "$out"
(cd "$root" && mvn -q -B -o -DskipTests package -Dstyle.color=never) >&2
jar="$root/target/mmreview.jar"
jobs="${JOBS:-$(nproc)}"
sample="${SAMPLE:-200}"
checkpatch="${CHECKPATCH:-}"
if [ -z "$checkpatch" ]; then
  for c in /tmp/linux-6.12/scripts/checkpatch.pl "$here/out/linux-source-6.12/scripts/checkpatch.pl"; do
    [ -f "$c" ] && checkpatch="$c" && break
  done
fi


# raw N INBOX: every message's mail blob through one git cat-file --batch
raw() {
  local n=$1 inbox=$2
  /usr/bin/time -f '%e %U %S %M' -o "$out/raw-$n.time" \
    sh -c "git -C '$inbox' log --format='%H:m' | git -C '$inbox' cat-file --batch >/dev/null"
  read -r wall user sys rss < <(tail -1 "$out/raw-$n.time")
  printf '%-9s %7s  wall %7.1f s  cpu %7.1f s  rss %5d MiB\n' raw "$n" "$wall" \
    "$(awk "BEGIN{print $user + $sys}")" $((rss / 1024))
}

# audit N INBOX [memory]: a fresh database, 1 GiB heap, a GC log; with "memory", a full GC every
# 2 s for the live heap
audit() {
  local n=$1 inbox=$2 mode=${3:-timed} db="$out/audit-$n.db"
  rm -f "$db" "$db-wal" "$db-shm" "$db.lock"
  local tag="audit-$n" && [ "$mode" = timed ] || tag="audit-$n-memory"
  local gclog="$out/$tag.gc" tlog="$out/$tag.time"
  /usr/bin/time -f '%e %U %S %M' -o "$tlog" \
    java -Xmx1g -Xss16m -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -Xlog:gc:file="$gclog" \
    -jar "$jar" audit run --db "$db" --path mm --jobs "$jobs" --progress lines "$inbox" \
    >"$out/$tag.out" 2>"$out/$tag.err" &
  local timer=$! pid=""
  if [ "$mode" = memory ]; then
    while kill -0 "$timer" 2>/dev/null; do
      sleep 2
      [ -n "$pid" ] || pid=$(pgrep -P "$timer" java || true)
      [ -n "$pid" ] && jcmd "$pid" GC.run >/dev/null 2>&1 || true
    done
  fi
  set +e
  wait "$timer"
  local rc=$?
  set -e
  read -r wall user sys rss < <(tail -1 "$tlog")
  if [ "$mode" = memory ]; then
    local live
    live=$(sed -nE 's/.*Pause Full.* ([0-9]+)M->([0-9]+)M\(.*/\2/p' "$gclog" | sort -n | tail -1)
    printf '%-9s %7s  exit %s  live heap peak %4s MiB (forced full GCs; times not the audit'"'"'s)\n' \
      memory "$n" "$rc" "${live:-?}"
    return
  fi
  local pauses
  pauses=$(sed -nE 's/.*Pause.* ([0-9.]+)ms$/\1/p' "$gclog" | awk '{t += $1} END {printf "%.1f", t / 1000}')
  printf '%-9s %7s  exit %s  wall %7.1f s  cpu %7.1f s  gc pauses %5s s  rss %5d MiB  %s\n' \
    audit "$n" "$rc" "$wall" "$(awk "BEGIN{print $user + $sys}")" "$pauses" $((rss / 1024)) \
    "$(head -1 "$out/$tag.out")"
}

# checkpatch N INBOX: --no-tree on the first SAMPLE patch mails the audit reviewed (those with a
# diff under mm/), scaled to all of them (the audit's database names them: no pass over the archive)
checkpatch() {
  local n=$1 inbox=$2 dir="$out/checkpatch-$n" db="$out/audit-$n.db"
  [ -n "$checkpatch" ] || { echo "checkpatch: no scripts/checkpatch.pl found (CHECKPATCH=...)"; return; }
  rm -rf "$dir"; mkdir -p "$dir"
  local patches i=0
  patches=$(sqlite3 "$db" "SELECT count(*) FROM messages WHERE outcome = 'reviewed'")
  while read -r c; do
    i=$((i + 1))
    git -C "$inbox" cat-file -p "$c:m" >"$dir/$i.eml"
  done < <(sqlite3 "$db" "SELECT item FROM messages WHERE outcome = 'reviewed' ORDER BY id LIMIT $sample")
  /usr/bin/time -f '%e %U %S %M' -o "$dir/time" \
    sh -c "for f in '$dir'/*.eml; do perl '$checkpatch' --no-tree -q \"\$f\" >/dev/null 2>&1; done" || true
  read -r wall user sys rss < <(tail -1 "$dir/time")
  printf '%-9s %7s  %d of %d reviewed patch mails: wall %6.1f s, cpu %6.1f s; scaled to all: wall %7.1f s, cpu %7.1f s\n' \
    checkpatch "$n" "$i" "$patches" "$wall" "$(awk "BEGIN{print $user + $sys}")" \
    "$(awk "BEGIN{print $wall * $patches / $i}")" "$(awk "BEGIN{print ($user + $sys) * $patches / $i}")"
}

for n in "${sizes[@]}"; do
  inbox="$(replay_inbox "$src" "$n")"
  raw "$n" "$inbox"
  audit "$n" "$inbox" timed
  raw "$n" "$inbox"
  checkpatch "$n" "$inbox"
  [ "${MEMORY:-1}" = 0 ] || audit "$n" "$inbox" memory
done
echo "outputs, databases and GC logs: $out"
