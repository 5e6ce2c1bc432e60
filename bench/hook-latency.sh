#!/usr/bin/env bash
# Hook latency against checkpatch: one patch mail, each command a whole cold process (JVM start
# included, as a hook runs it), side by side in the same invocation, CPU time (user+sys),
# median of RUNS (default 7), the runs of the four commands interleaved so a drift in the
# machine's speed hits them alike:
#   mmreview check PATCH                    hunk-only (a patch mail with no tree)
#   mmreview check --repo KERNEL PATCH      whole functions from the kernel repository
#   perl scripts/checkpatch.pl --no-tree PATCH
#   perl scripts/checkpatch.pl PATCH        (from the top of the kernel tree)
# and the ratios mmreview/checkpatch (target: at most 0.5), plus `mmreview --version`, the
# JVM's floor.
#
#   bench/hook-latency.sh [KERNEL_DIR]
#   PATCH=file.mbox bench/hook-latency.sh   (default: the corpus's "[PATCH v3 4/5] mm:
#                                            userfaultfd: don't separate addr + len arguments")
#   RUNS=7 bench/hook-latency.sh
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
. "$here/kernel-source.sh"
. "$here/corpus-inbox.sh"
kdir="$(kernel_source "${1:-}")"
runs="${RUNS:-7}"
out="$root/bench/out/hook-latency"
rm -rf "$out"; mkdir -p "$out"

# The patch: a real 2023 mail touching mm/userfaultfd.c, 737 lines as archived.
patch="${PATCH:-}"
if [ -z "$patch" ]; then
  inbox="$(corpus_inbox)"
  patch="$out/uffd-addr-len-v3.mbox"
  git -C "$inbox" show d3f9c55ad3c8d27c6ec518d857831d6ea0eef512:m >"$patch"
fi
echo "patch: $patch ($(wc -l <"$patch") lines)"

# checkpatch's "is this the top of a kernel tree" test wants these; the bench tree has only
# mm/ fs/ include/ scripts/ untarred.
for f in COPYING CREDITS Kbuild MAINTAINERS Makefile README; do
  [ -f "$kdir/$f" ] || tar -xJf /usr/src/linux-source-6.12.tar.xz -C "$kdir" --strip-components=1 "linux-source-6.12/$f"
done
for d in Documentation arch drivers init ipc kernel lib; do mkdir -p "$kdir/$d"; done
# --repo wants a git repository: the untarred tree committed once (mm/, the headers and
# fs/userfaultfd.c are what a review of mm/ reads).
if [ ! -d "$kdir/.git" ]; then # (not rev-parse: the tree may lie inside another repository)
  git -C "$kdir" init -q
  git -C "$kdir" add mm include fs/userfaultfd.c
  git -C "$kdir" -c user.name=bench -c user.email=bench@localhost commit -q -m "Linux 6.12 (Debian linux-source-6.12)"
fi

"$root/mmreview" --version >/dev/null # build the jar and its class-data archive outside the timings

names=(version hunk-only with-repo served-hunk-only served-with-repo checkpatch-no-tree checkpatch-tree)
cmd() {
  case "$1" in
    version) "$root/mmreview" --version ;;
    hunk-only) "$root/mmreview" check --format=gcc --fail-on=none "$patch" ;;
    with-repo) "$root/mmreview" check --repo "$kdir" --format=gcc --fail-on=none "$patch" ;;
    served-hunk-only) MMREVIEW_SERVE=1 "$root/mmreview" check --format=gcc --fail-on=none "$patch" ;;
    served-with-repo) MMREVIEW_SERVE=1 "$root/mmreview" check --repo "$kdir" --format=gcc --fail-on=none "$patch" ;;
    checkpatch-no-tree) (cd "$kdir" && perl scripts/checkpatch.pl --no-tree "$patch") ;;
    checkpatch-tree) (cd "$kdir" && perl scripts/checkpatch.pl "$patch") ;;
  esac
}
for n in "${names[@]}"; do cmd "$n" >"$out/$n.out" 2>&1 || true; done # warm the page cache
# The served runs: the first one above started the server in the background; wait for it and
# warm it as a day of commits would. Its CPU per request counts too (read from /proc before and
# after each served run), so "served" is the client's CPU plus the server's, not the client's
# alone.
# This checkout's server only: other checkouts on the machine may run theirs.
server_pid() { pgrep -f -n -- "$root/target/mmreview.jar serve" || true; }
for _ in $(seq 100); do [ -n "$(server_pid)" ] && break; sleep 0.2; done
for _ in 1 2 3 4 5; do cmd served-hunk-only >/dev/null 2>&1 || true; cmd served-with-repo >/dev/null 2>&1 || true; done
spid="$(server_pid)"
[ -n "$spid" ] || { echo "the server did not start (see $root/target/mmreview-serve.log)" >&2; exit 3; }
tck="$(getconf CLK_TCK)"
server_ticks() { awk '{ print $14 + $15 }' "/proc/$spid/stat"; }
for r in $(seq "$runs"); do
  for n in "${names[@]}"; do
    before=0; [ "${n#served-}" != "$n" ] && before="$(server_ticks)"
    /usr/bin/time -f '%U %S' -o "$out/$n.time.$r" bash -c "$(declare -f cmd); root='$root' kdir='$kdir' patch='$patch'; cmd $n" \
      >/dev/null 2>&1 || true
    served=0; [ "${n#served-}" != "$n" ] && served="$(( $(server_ticks) - before ))"
    # GNU time may prepend "Command exited with ..."; the subshell's bash adds ~2 ms to each.
    tail -n 1 "$out/$n.time.$r" | awk -v s="$served" -v t="$tck" '{ printf "%.3f\n", $1 + $2 + s / t }' >>"$out/$n.cpu"
  done
done
median() { sort -n "$out/$1.cpu" | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
echo "CPU seconds (user+sys), median of $runs, whole process:"
for n in "${names[@]}"; do
  printf '  %-20s %6.3f s   (min %s, max %s)\n' "$n" "$(median "$n")" "$(sort -n "$out/$n.cpu" | head -1)" "$(sort -n "$out/$n.cpu" | tail -1)"
done
ratio() { awk -v a="$(median "$1")" -v b="$(median "$2")" 'BEGIN { printf "%.2f", a / b }'; }
echo "ratios (target <= 0.50):"
echo "  hunk-only / checkpatch --no-tree  $(ratio hunk-only checkpatch-no-tree)"
echo "  with-repo / checkpatch (tree)     $(ratio with-repo checkpatch-tree)"
echo "  --version / checkpatch --no-tree  $(ratio version checkpatch-no-tree)   (the JVM floor)"
echo "  served hunk-only / checkpatch --no-tree  $(ratio served-hunk-only checkpatch-no-tree)   (client + server CPU)"
echo "  served with-repo / checkpatch (tree)     $(ratio served-with-repo checkpatch-tree)   (client + server CPU)"
