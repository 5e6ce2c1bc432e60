#!/usr/bin/env bash
# mmreview-spark at scale (issue 15): a replayed archive (bench/audit-scale.sh builds
# /tmp/replay-N.git with bench/replay-archive.pl; this script reuses it and never rebuilds it)
# audited by the Spark job in local mode with 1 and 2 executor cores, and by the embedded
# `audit run` with --jobs 1 and 2, each into fresh output. Prints wall and CPU seconds (user+sys
# of the whole JVM: on a shared machine CPU is the steadier figure), max RSS, messages per
# wall-second per core and messages per CPU-second, and the counts (which must agree).
# Usage: bench/spark-scale.sh [N]     (default 100000; needs /tmp/replay-N.git)
#        CORES="1 2" SHARD=2000 bench/spark-scale.sh 25000
#        SPARK_JAVA_OPTS="-XX:TieredStopAtLevel=1" TAG=c1 bench/spark-scale.sh   (extra JVM flags for
#        the Spark runs, e.g. C1 only as the embedded launcher runs; TAG names their output files)
#        BUILD=0 bench/spark-scale.sh 12000   (measure what is built: no mvn install / package)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
n="${1:-100000}"
inbox="/tmp/replay-$n.git"
if [ ! -d "$inbox" ]; then
  echo "spark-scale: no $inbox; build it with bench/audit-scale.sh $n" >&2
  exit 2
fi
cores="${CORES:-1 2}"
shard="${SHARD:-2000}"
jopts="${SPARK_JAVA_OPTS:-}"
tag="${TAG:+-$TAG}"
embedded="${EMBEDDED:-1}"
out="$root/bench/out/spark-scale"
mkdir -p "$out"
# the CLI jar and the main artifact for spark/, then the job's classes and its class path
# (Spark included: local mode runs in this JVM, as spark-submit would put Spark's jars there)
# (BUILD=0: both already built, e.g. a second measurement of the same sources)
if [ "${BUILD:-1}" = 1 ]; then
  (cd "$root" && mvn -q -B -o -DskipTests install -Dstyle.color=never) >&2
  (cd "$root/spark" && mvn -q -B -o -DskipTests package dependency:build-classpath \
    -Dmdep.outputFile="$out/classpath.txt" -Dmdep.includeScope=test) >&2
fi
cp="$root/spark/target/classes:$(cat "$out/classpath.txt")"
opens="-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
 --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
 --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
 --add-opens=java.base/java.nio=ALL-UNNAMED --add-opens=java.base/java.util=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
 --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
 --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED
 --add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED
 --add-opens=java.base/sun.util.calendar=ALL-UNNAMED -Djdk.reflect.useDirectMethodHandle=false
 -Dio.netty.tryReflectionSetAccessible=true"

report() { # NAME CORES TIMEFILE COUNTS
  read -r wall user sys rss < <(tail -1 "$3")
  awk -v name="$1" -v c="$2" -v n="$n" -v w="$wall" -v u="$user" -v s="$sys" -v r="$rss" -v k="$4" \
    'BEGIN { cpu = u + s; printf "%-16s cores %d  %6d msgs  wall %7.1f s  cpu %7.1f s  rss %5d MiB  %6.1f msg/s/core (wall)  %6.1f msg/cpu-s  %s\n", name, c, n, w, cpu, r / 1024, n / w / c, n / cpu, k }'
}

for c in $cores; do
  rm -rf "$out/spark-$n-$c$tag" "$out/spark-$n-$c$tag.db"
  /usr/bin/time -f '%e %U %S %M' -o "$out/spark-$n-$c$tag.time" \
    java -Xmx2g $opens $jopts -Dspark.master="local[$c]" -Dspark.ui.enabled=false \
    -Dspark.sql.shuffle.partitions=8 -Dspark.driver.host=127.0.0.1 \
    -Dlog4j2.configurationFile="$root/spark/src/test/resources/log4j2-test.properties" \
    -cp "$cp" org.mmreview.spark.SparkAudit --out "$out/spark-$n-$c$tag" --path mm \
    --shard-size "$shard" --db "$out/spark-$n-$c$tag.db" "$inbox" >"$out/spark-$n-$c$tag.out" 2>"$out/spark-$n-$c$tag.err"
  counts=$(sqlite3 "$out/spark-$n-$c$tag.db" "SELECT group_concat(outcome || ' ' || c, ', ') FROM (SELECT outcome, count(*) c FROM messages GROUP BY outcome); SELECT count(*) || ' findings' FROM findings" | paste -sd' ')
  report "spark$tag local[$c]" "$c" "$out/spark-$n-$c$tag.time" "$counts"
done
[ "$embedded" = 1 ] || exit 0
for c in $cores; do
  db="$out/embedded-$n-$c.db"
  rm -f "$db" "$db-wal" "$db-shm" "$db.lock"
  /usr/bin/time -f '%e %U %S %M' -o "$out/embedded-$n-$c.time" \
    java -Xmx1g -Xss16m -XX:+UseParallelGC -XX:TieredStopAtLevel=1 -jar "$root/target/mmreview.jar" \
    audit run --db "$db" --path mm --jobs "$c" --progress none "$inbox" \
    >"$out/embedded-$n-$c.out" 2>"$out/embedded-$n-$c.err"
  counts=$(sqlite3 "$db" "SELECT group_concat(outcome || ' ' || c, ', ') FROM (SELECT outcome, count(*) c FROM messages GROUP BY outcome); SELECT count(*) || ' findings' FROM findings" | paste -sd' ')
  report "embedded --jobs" "$c" "$out/embedded-$n-$c.time" "$counts"
done
