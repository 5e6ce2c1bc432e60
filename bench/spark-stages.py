#!/usr/bin/env python3
"""Where a Spark run's task time goes, from its event log (issue 15's CPU breakdown).

Usage: bench/spark-stages.py EVENT_LOG [EVENT_LOG...]
  (a run with -Dspark.eventLog.enabled=true -Dspark.eventLog.dir=file:///DIR, as
   SPARK_JAVA_OPTS of bench/spark-scale.sh; one directory per application under DIR, its
   events_* file zstd-compressed by default: read through `zstd -dc`)

Prints one line per stage in submission order: its call site (the job's step, e.g.
"count at SparkAudit.java:226"), tasks, wall seconds from submission to completion, and the
tasks' summed executor CPU, run time, deserialisation CPU, result serialisation and GC; then the
application's wall time and the sums. The driver's own work (listing epochs, grouping threads,
the SQLite export's writes) and the JVM's (JIT, GC outside tasks) are not in task metrics: the
difference between the process's CPU (/usr/bin/time) and the tasks' CPU is theirs.
"""
import io
import json
import subprocess
import sys

METRICS = {
    "internal.metrics.executorCpuTime": ("cpu", 1e-9),
    "internal.metrics.executorRunTime": ("run", 1e-3),
    "internal.metrics.executorDeserializeCpuTime": ("deser", 1e-9),
    "internal.metrics.resultSerializationTime": ("resser", 1e-3),
    "internal.metrics.jvmGCTime": ("gc", 1e-3),
}


def stages(path):
    app = {}
    out = []
    if path.endswith(".zstd"):  # Spark 4 compresses event logs with zstd by default
        f = io.StringIO(subprocess.run(["zstd", "-dc", path], check=True,
                                       capture_output=True).stdout.decode("utf-8"))
    else:
        f = open(path, encoding="utf-8")
    with f:
        for line in f:
            e = json.loads(line)
            kind = e.get("Event")
            if kind == "SparkListenerApplicationStart":
                app["start"] = e["Timestamp"]
            elif kind == "SparkListenerApplicationEnd":
                app["end"] = e["Timestamp"]
            elif kind == "SparkListenerStageCompleted":
                s = e["Stage Info"]
                row = {
                    "id": s["Stage ID"],
                    "name": s["Stage Name"],
                    "tasks": s["Number of Tasks"],
                    "wall": (s.get("Completion Time", 0) - s.get("Submission Time", 0)) / 1e3,
                    "submitted": s.get("Submission Time", 0),
                }
                for k in ("cpu", "run", "deser", "resser", "gc"):
                    row[k] = 0.0
                for a in s.get("Accumulables", []):
                    m = METRICS.get(a.get("Name"))
                    if m:
                        row[m[0]] = float(a["Value"]) * m[1]
                out.append(row)
    out.sort(key=lambda r: (r["submitted"], r["id"]))
    return app, out


def main():
    if len(sys.argv) < 2:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        sys.exit(2)
    for path in sys.argv[1:]:
        app, rows = stages(path)
        print(path)
        print(f"  {'stage':<44} {'tasks':>5} {'wall s':>7} {'cpu s':>7} {'run s':>7}"
              f" {'deser':>6} {'resser':>6} {'gc s':>6}")
        total = {k: 0.0 for k in ("wall", "cpu", "run", "deser", "resser", "gc")}
        for r in rows:
            print(f"  {r['id']:>3} {r['name'][:40]:<40} {r['tasks']:>5} {r['wall']:7.1f}"
                  f" {r['cpu']:7.1f} {r['run']:7.1f} {r['deser']:6.2f} {r['resser']:6.2f}"
                  f" {r['gc']:6.1f}")
            for k in total:
                total[k] += r[k]
        print(f"  {'all ' + str(len(rows)) + ' stages':<44} {'':>5} {total['wall']:7.1f}"
              f" {total['cpu']:7.1f} {total['run']:7.1f} {total['deser']:6.2f}"
              f" {total['resser']:6.2f} {total['gc']:6.1f}")
        if "start" in app and "end" in app:
            print(f"  application wall {(app['end'] - app['start']) / 1e3:.1f} s")


if __name__ == "__main__":
    main()
