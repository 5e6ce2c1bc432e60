#!/usr/bin/env bash
# The review bot replayed over the shared corpus as if live (docs/bot.md, "Replay over the shared
# corpus"): `mmreview bot --since 2019-01-01 --once` feeds the 5,400 mails in date order into a
# fresh state, reviews each series when due, and writes its replies into an outbox. Three runs:
#   hunks    default settings, no kernel tree (hunk-only review)
#   kernel   default settings, a Linux 6.12 tree as kernel-repo (branch v6.12): the corpus'
#            patches (2019-2023) name no base-commit this tree has, so they are reviewed on v6.12
#            where they apply and from their hunks where they do not
#   info     as kernel, plus `min-severity: info` and the three info rules that are off by
#            default (enable-rules): NOT the bot's defaults, a look at what it would say then
# Prints per run: the summary line, wall time, replies, skips by reason, files applied to the
# tree; then, with POLL=1, the cost of one poll over /tmp/replay-25000.git (bench/archive-scale.sh
# builds it), as a live bot pays it: a first poll on an empty state (it starts at the archive's
# tip, walking all of it once), polls with nothing new, and a poll after 1 new patch mail.
# Usage: bench/bot-replay.sh [hunks] [kernel] [info] [poll]   (default: the three replays)
#        KERNEL_DIR=/tmp/linux-6.12 (Linux 6.12 source), OUT=bench/out/bot-replay
#        POLL=1 or `poll` adds the poll cost; `poll` alone runs only that
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
. "$here/corpus-inbox.sh"
. "$here/kernel-source.sh"
inbox="$(corpus_inbox)" || exit 2
runs=("$@")
[ ${#runs[@]} -gt 0 ] || runs=(hunks kernel info)
out="${OUT:-$root/bench/out/bot-replay}"
mkdir -p "$out"
jar="$out/mmreview.jar"
if [ ! -f "$jar" ]; then
  (cd "$root" && mvn -q -B -o clean package -DskipTests -Dstyle.color=never) >&2
  cp "$root/target/mmreview.jar" "$jar"
fi

# A git repository of the 6.12 tree (one commit, tagged v6.12): the bot reads bases with JGit.
kernel_repo() {
  local src repo="$out/linux-6.12.git"
  if [ ! -d "$repo/.git" ]; then
    if [ -d /tmp/linux-6.12/mm ] && [ -z "${KERNEL_DIR:-}" ]; then src=/tmp/linux-6.12; else src="$(kernel_source)"; fi
    git init -q -b v6.12 "$repo"
    local dirs=()
    for d in mm include fs arch/x86 tools/testing/selftests; do [ -d "$src/$d" ] && dirs+=("$d"); done
    (cd "$src" && GIT_DIR="$repo/.git" GIT_WORK_TREE="$src" git add -f "${dirs[@]}" &&
      GIT_DIR="$repo/.git" GIT_WORK_TREE="$src" git -c user.name=bench -c user.email=bench@example.org \
        commit -q -m "Linux 6.12 (${dirs[*]})" --date=2024-11-17T14:15:08-0800)
    git -C "$repo" tag v6.12
  fi
  echo "$repo"
}

poll_cost=${POLL:-0}
for run in "${runs[@]}"; do
  if [ "$run" = poll ]; then poll_cost=1; continue; fi
  cfg="$out/$run.yaml"
  echo 'from: "mmreview bot <mmreview-bot@example.org>"' > "$cfg"
  case "$run" in
    hunks) ;;
    kernel) printf 'kernel-repo: %s\nbranch: v6.12\n' "$(kernel_repo)" >> "$cfg" ;;
    info) printf 'kernel-repo: %s\nbranch: v6.12\nmin-severity: info\n' "$(kernel_repo)" >> "$cfg"
          echo 'enable-rules: [terse-identifier, undocumented-helper, explanatory-comment-dropped]' >> "$cfg" ;;
    *) echo "unknown run '$run' (hunks, kernel, info)" >&2; exit 2 ;;
  esac
  rm -rf "$out/$run.db" "$out/$run-outbox"
  start=$(date +%s.%N)
  java -jar "$jar" bot --inbox "$inbox" --state "$out/$run.db" --outbox "$out/$run-outbox" \
    --config "$cfg" --since 2019-01-01 --once 2> "$out/$run.log" || true
  end=$(date +%s.%N)
  echo "== $run ($(grep -v '^from' "$cfg" | tr '\n' ' '))"
  grep 'mmreview: bot: read' "$out/$run.log"
  echo "wall $(echo "$end - $start" | bc) s; replies in $out/$run-outbox: $(ls "$out/$run-outbox" 2>/dev/null | wc -l)"
  echo "-- skips by reason (findings or patches, see docs/bot.md)"
  sqlite3 "$out/$run.db" "select printf('%6d  %s', count(*), reason) from skip group by reason order by 1 desc"
  echo "-- replies by rule (a reply may name several)"
  # the [rule, severity] tags, unwrapped first (the prose is wrapped at 72 columns)
  for f in "$out/$run-outbox"/*.eml; do
    [ -f "$f" ] || continue
    tr -s '\r\n ' '   ' < "$f" | grep -oE '\[[a-z-]+, (error|warning|info)\]' | sort -u || true
  done | sort | uniq -c | sort -rn
  if [ "$run" != hunks ]; then
    echo "-- files of the reviewed patches applied to v6.12 (series notes)"
    sqlite3 "$out/$run.db" "select note from series" | sed -n 's/.*files applied \([0-9]*\)\/\([0-9]*\).*/\1 \2/p' |
      awk '{a+=$1; t+=$2; if ($1==$2 && $2>0) full++; else if ($1>0) part++; else none++}
           END {printf "%d of %d files applied; series: %d all applied, %d partly, %d none\n", a, t, full, part, none}'
  fi
done

if [ "$poll_cost" = 1 ]; then
  big=/tmp/replay-25000.git
  [ -d "$big" ] || { echo "no $big: run bench/archive-scale.sh 25000 first" >&2; exit 2; }
  work="$out/poll"
  rm -rf "$work" && mkdir -p "$work"
  git clone -q --bare "$big" "$work/inbox.git"
  cfg="$out/poll.yaml"
  echo 'from: "mmreview bot <mmreview-bot@example.org>"' > "$cfg"
  poll() {
    local t0 t1
    t0=$(date +%s.%N)
    /usr/bin/time -f "%e s wall, %U s user, %M KiB max RSS" java -Xmx256m -jar "$jar" bot --inbox "$work/inbox.git" \
      --state "$work/state.db" --outbox "$work/outbox" --config "$cfg" "$@" --once 2> "$work/poll.log" || true
    grep -E 'mmreview: bot: read|wall' "$work/poll.log" | tr '\n' ' '; echo
  }
  echo "== poll cost over $big ($(git -C "$big" rev-list --count HEAD) mails)"
  echo -n "first poll, empty state (starts at the tip): "; poll
  for i in 1 2 3; do echo -n "poll with nothing new: "; poll; done
  # one new mail on top: an existing patch mail with a fresh Message-ID
  blob=$(git -C "$big" rev-parse HEAD~100:m)
  git -C "$big" cat-file blob "$blob" | sed '0,/^Message-I[Dd]:.*/s//Message-ID: <bot-replay-poll@example.org>/' > "$work/new.eml"
  tree=$(printf '100644 blob %s\tm\n' "$(git -C "$work/inbox.git" hash-object -w "$work/new.eml")" | git -C "$work/inbox.git" mktree)
  commit=$(git -C "$work/inbox.git" -c user.name=bench -c user.email=bench@example.org commit-tree "$tree" -p HEAD -m mail)
  git -C "$work/inbox.git" update-ref HEAD "$commit"
  echo -n "poll after 1 new mail: "; poll
fi
