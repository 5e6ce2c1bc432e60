#!/usr/bin/env bash
# How much of the hunk-only code of a public-inbox archive's patches the parser leaves unparsed
# (ErrorStatement and ErrorNode): units (hunks, or joined hunks of one function) with any, and the
# added lines they cover. Harness: src/test/java/org/mmreview/bench/FragmentErrors.java.
#
#   bench/fragment-errors.sh [INBOX.git]     (default: /tmp/corpus.git)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
(cd "$here" && mvn -q -B -o -DskipTests package -Dinvoker.skip=true -Dstyle.color=never \
  && mvn -q -B -o dependency:build-classpath -Dmdep.includeScope=test \
    -Dmdep.outputFile=target/test-classpath.txt) >&2
java -cp "$here/target/test-classes:$here/target/classes:$(cat "$here/target/test-classpath.txt")" \
  org.mmreview.bench.FragmentErrors "${1:-/tmp/corpus.git}"
