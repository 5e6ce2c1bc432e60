#!/usr/bin/env bash
# The kill -9 test at length: AuditKillTest with many kills (default 60) instead of CI's 6.
# Each kill lands at a random point of a child JVM's `audit run`; the killed runs are restarted
# until one ends by itself, and every final database must equal the uninterrupted run's.
# Usage: bench/audit-kill.sh [KILLS [SEED]]
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"
mvn -q -B -o test -Dtest=AuditKillTest -Dsurefire.failIfNoSpecifiedTests=false \
  -Daudit.kills="${1:-60}" -Daudit.seed="${2:-20261202}" 2>&1 | grep -E 'AuditKillTest|FAIL|ERROR' || true
grep -h 'Tests run' target/surefire-reports/org.mmreview.cli.AuditKillTest.txt
