#!/usr/bin/env bash
# Findings of the shared public-inbox corpus by lifecycle label, per rule: introduced,
# pre-existing, fixed-later (a later patch of the series removed it), and across versions of a
# series family: new in vN, still present since vK, fixed in vK (docs/lifecycle.md).
# Output: bench/out/lifecycle-corpus/{findings.json,diagnostics.txt} and the table on stdout.
# Usage: bench/lifecycle-corpus.sh [INBOX]   (default: /tmp/corpus.git, cloned from the bundle)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
. "$here/corpus-inbox.sh"
inbox="$(corpus_inbox "${1:-}")" || exit 2
out="$root/bench/out/lifecycle-corpus"
rm -rf "$out"; mkdir -p "$out"
(cd "$root" && mvn -q -B -o -DskipTests package)
set +e
java -jar "$root/target/mmreview.jar" check --inbox "$inbox" --format=json --fail-on=none \
  --show pre-existing >"$out/findings.json" 2>"$out/diagnostics.txt"
echo "exit status: $? (0 expected with --fail-on=none; 3 would be a crash)"
set -e
python3 - "$out/findings.json" "$out/diagnostics.txt" <<'PY'
import collections, json, re, sys
doc = json.load(open(sys.argv[1]))
cols = ["introduced", "pre-existing", "fixed-later", "new in vN", "still present", "fixed in vK"]
table = collections.defaultdict(collections.Counter)
for f in doc["findings"]:
    t = table[f["rule"]]
    t[f.get("lifecycle", "none")] += 1
    v = f.get("versions", "")
    if v.startswith("new in"):
        t["new in vN"] += 1
    elif v.startswith("still present"):
        t["still present"] += 1
for line in open(sys.argv[2], errors="replace"):
    m = re.match(r"mmreview: .*: ([a-z0-9-]+) in .*: fixed in v\d+$", line.rstrip("\n"))
    if m:
        table[m.group(1)]["fixed in vK"] += 1
print("| rule | " + " | ".join(cols) + " |")
print("|---|" + "---:|" * len(cols))
total = collections.Counter()
for rule in sorted(table):
    total.update(table[rule])
    print("| " + rule + " | " + " | ".join(str(table[rule][c]) for c in cols) + " |")
print("| **all** | " + " | ".join(str(total[c]) for c in cols) + " |")
PY
