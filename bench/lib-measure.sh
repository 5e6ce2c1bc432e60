#!/usr/bin/env bash
# Issue 14: kept library vs hand-written code on the whole corpus, one JVM: JGit's patch parser vs
# DiffParser, mime4j's Date parsing vs MailDates, mime4j's mbox iterator vs MboxReader (the corpus
# written as mboxes and split back), JGit's FooterLine vs TrailerParser, picocli's TextTable vs
# RuleDocs.wrap (agreement, disagreements by kind, CPU per round).
#
#   bench/lib-measure.sh [INBOX.git] [ROUNDS]     (default: /tmp/corpus.git 5)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$here" && mvn -q -B -o -DskipTests package -Dstyle.color=never \
  && mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/test-classpath.txt) >&2
# LibMeasure removes its temporary mboxes itself (a shutdown hook); this directory catches what a
# killed JVM could not remove.
tmp="$(mktemp -d "${TMPDIR:-/tmp}/lib-measure.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
java -Djava.io.tmpdir="$tmp" -cp "$here/target/test-classes:$here/target/classes:$(cat "$here/target/test-classpath.txt")" \
  org.mmreview.bench.LibMeasure "${1:-/tmp/corpus.git}" "${2:-5}"
