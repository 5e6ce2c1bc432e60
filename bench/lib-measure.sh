#!/usr/bin/env bash
# Issue 14: kept library vs hand-written code on the whole corpus, one JVM: JGit's patch parser vs
# DiffParser, mime4j's Date parsing vs MailDates (agreement, disagreements by kind, CPU per round).
#
#   bench/lib-measure.sh [INBOX.git] [ROUNDS]     (default: /tmp/corpus.git 5)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$here" && mvn -q -B -o -DskipTests package -Dstyle.color=never) >&2
exec java -cp "$here/target/mmreview.jar:$here/target/test-classes" org.mmreview.bench.LibMeasure \
  "${1:-/tmp/corpus.git}" "${2:-5}"
