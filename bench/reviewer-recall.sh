#!/usr/bin/env bash
# Reviewer recall: how many of the concerns real reviewers raised on the list does mmreview catch?
#
#   bench/reviewer-recall.sh [JAR]
#
# Ground truth: bench/recall/concerns.tsv (one row per concern a reviewer wrote, on the C code of
# an mm/ patch in the shared corpus; bench/recall/README.md says how the rows were chosen).
# For every patch mail the rows name, the mail is taken from the public-inbox archive by its
# Message-ID and reviewed with `check --format=json --all-infos`, every rule enabled (those off by
# default too). A concern is caught when a finding of its catalogue id (any finding, for rows
# whose id is `-`) lands in the same file, on a line inside the diff lines the reviewer quoted or
# within 5 lines of the line the comment sits under. Prints recall overall, per catalogue id, on
# the userfaultfd files, the classes of the misses, and the misses themselves. When
# /tmp/linux-6.12/scripts/checkpatch.pl exists, checkpatch.pl's recall on the same patches is
# printed too (caught = any ERROR or WARNING in the same file within 5 lines of the line).
#
# JAR: default target/mmreview.jar (the runnable, shaded jar; target/mmreview-0.1.0.jar is the
# thin jar without its dependencies and is replaced by its shaded sibling when given).
# Environment: CORPUS (default /tmp/corpus.git, cloned from the shared bundle when missing),
# CHECKPATCH (default /tmp/linux-6.12/scripts/checkpatch.pl), OUT (work directory, default
# bench/out/recall), WINDOW (default 5), NO_CHECKPATCH=1 to leave checkpatch.pl out (it takes most
# of the run's time: about 2 s a mail).
# Exit status: 0 when the run completed (whatever the recall), 2 on a setup or tool failure.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
jar=${1:-$root/target/mmreview.jar}
case $jar in
  */mmreview-*.jar) [ -f "$(dirname "$jar")/mmreview.jar" ] && jar=$(dirname "$jar")/mmreview.jar ;;
esac
tsv=$root/bench/recall/concerns.tsv
corpus=${CORPUS:-/tmp/corpus.git}
checkpatch=${CHECKPATCH:-/tmp/linux-6.12/scripts/checkpatch.pl}
out=${OUT:-$root/bench/out/recall}
window=${WINDOW:-5}
bundle=/work/shared/corpus/linux-kselftest-mm-2019-2023.bundle

[ -f "$jar" ] || { echo "reviewer-recall: no jar at $jar (mvn -q -B -o package -DskipTests)" >&2; exit 2; }
command -v python3 >/dev/null || { echo "reviewer-recall: python3 is needed" >&2; exit 2; }
if [ ! -d "$corpus" ]; then
  [ -f "$bundle" ] || { echo "reviewer-recall: no archive at $corpus and no bundle $bundle" >&2; exit 2; }
  git clone -q --bare "$bundle" "$corpus"
fi

rm -rf "$out"
mkdir -p "$out/mails"

# 1. The patch mails, by Message-ID, from the archive (one commit per mail, the mail in `m`).
python3 - "$tsv" "$corpus" "$out" <<'EOF'
import subprocess, sys, re
tsv, corpus, out = sys.argv[1:4]
want = []
for ln in open(tsv, encoding='utf-8'):
    if ln.startswith('#') or ln.startswith('reply\t'):
        continue
    f = ln.rstrip('\n').split('\t')
    if f[1] not in want:
        want.append(f[1])
need = set(want)
shas = subprocess.run(['git', '-C', corpus, 'log', '--format=%H'], capture_output=True, text=True, check=True).stdout.split()
cat = subprocess.Popen(['git', '-C', corpus, 'cat-file', '--batch'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
found = {}
for sha in shas:
    cat.stdin.write((sha + ':m\n').encode()); cat.stdin.flush()
    head = cat.stdout.readline().split()
    if head[1] == b'missing':
        continue
    data = cat.stdout.read(int(head[2])); cat.stdout.read(1)
    hdr = data.split(b'\n\n', 1)[0]
    m = re.search(rb'^message-id:\s*(?:\r?\n\s+)?<([^>]+)>', hdr, re.I | re.M)
    if m:
        mid = m.group(1).decode('utf-8', 'replace')
        if mid in need and mid not in found:
            found[mid] = data
cat.stdin.close()
missing = [m for m in want if m not in found]
if missing:
    sys.exit('reviewer-recall: patch mails not in the archive: ' + ', '.join(missing))
with open(out + '/mails.tsv', 'w') as idx:
    for n, mid in enumerate(want, 1):
        path = '%s/mails/%03d.eml' % (out, n)
        open(path, 'wb').write(found[mid])
        idx.write('%s\t%s\n' % (path, mid))
EOF

# 2. mmreview over all of them in one run, every rule on (those off by default too).
enable=()
java -jar "$jar" rules | awk 'NR > 1 && $1 ~ /^[a-z0-9-]+$/ {print $1}' >"$out/rules.txt"
[ -s "$out/rules.txt" ] || { echo "reviewer-recall: $jar lists no rules" >&2; exit 2; }
for id in $(cat "$out/rules.txt"); do
  enable+=("--enable-rule=$id")
done
rc=0
java -jar "$jar" check --format=json --all-infos --fail-on=none "${enable[@]}" "$out"/mails/*.eml \
  >"$out/findings.json" 2>"$out/check.stderr" || rc=$?
if [ "$rc" -ne 0 ]; then
  echo "reviewer-recall: mmreview check exited $rc (see $out/check.stderr)" >&2
  [ "$rc" -ge 3 ] && exit 2
fi

# 3. checkpatch.pl over the same mails, when it is there.
: >"$out/checkpatch.txt"
if [ -z "${NO_CHECKPATCH:-}" ] && [ -f "$checkpatch" ]; then
  # checkpatch.pl reads the diff as git am would apply it: decoded (quoted-printable, base64)
  # by git mailinfo, else every "=3D" reads as a spacing error.
  mkdir -p "$out/diffs"
  for m in "$out"/mails/*.eml; do
    d=$out/diffs/$(basename "$m" .eml).diff
    if git mailinfo "$d.msg" "$d.patch" <"$m" >"$d.info" 2>/dev/null; then
      { awk -F': ' '$1 == "Author" {a = $2} $1 == "Email" {e = $2} END {print "From: " a " <" e ">"}' "$d.info"
        sed -n 's/^Subject: /Subject: [PATCH] /p' "$d.info" | head -1
        echo; cat "$d.msg"; echo '---'; cat "$d.patch"; } >"$d"
    else
      cp "$m" "$d"
    fi
    perl "$checkpatch" --no-tree --terse --showfile --no-summary --quiet "$d" 2>/dev/null \
      | sed "s|^|$m\t|" >>"$out/checkpatch.txt" || true
  done
fi

# 4. Score.
python3 - "$tsv" "$out" "$window" "$jar" "$checkpatch" <<'EOF'
import json, sys, re, collections, os
tsv, out, window, jar, checkpatch = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4], sys.argv[5]
mail_of = {}
for ln in open(out + '/mails.tsv'):
    path, mid = ln.rstrip('\n').split('\t')
    mail_of[mid] = path
rows = []
for ln in open(tsv, encoding='utf-8'):
    if ln.startswith('#') or ln.startswith('reply\t'):
        continue
    f = ln.rstrip('\n').split('\t')
    r = dict(zip(['reply', 'patch', 'file', 'line', 'quoted', 'hunk', 'reviewer', 'concern', 'rule', 'class'], f))
    r['line'] = int(r['line'])
    lo, hi = (int(x) for x in r['quoted'].split('-'))
    r['lo'], r['hi'] = min(lo, r['line'] - window), max(hi, r['line'] + window)
    h = re.match(r'@@ -\d+(?:,\d+)? \+(\d+)(?:,(\d+))? @@', r['hunk'])
    hs, hn = int(h.group(1)), int(h.group(2) or 1)
    r['hlo'], r['hhi'] = min(hs, r['lo']), max(hs + hn - 1, r['hi'])
    rows.append(r)
doc = json.load(open(out + '/findings.json'))
by = collections.defaultdict(list)
for fd in doc['findings']:
    by[(fd['origin'], fd['file'])].append(fd)
cp = collections.defaultdict(list)
for ln in open(out + '/checkpatch.txt'):
    m = re.match(r'([^\t]+)\t(\S+?):(\d+): (ERROR|WARNING): (.*)', ln)
    if m:
        cp[(m.group(1), m.group(2))].append((int(m.group(3)), m.group(5)))

def caught(r, lo='lo', hi='hi'):
    for fd in by[(mail_of[r['patch']], r['file'])]:
        if r['rule'] != '-' and fd['rule'] != r['rule']:
            continue
        lines = [fd['line']] + [x['line'] for x in fd.get('related', []) if x.get('file', fd['file']) == fd['file']]
        if any(r[lo] <= l <= r[hi] for l in lines):
            return fd['rule']
    return None

class_rules = {}
for ln in open(os.path.join(os.path.dirname(tsv), 'class-rules.tsv'), encoding='utf-8'):
    if ln.startswith('#') or not ln.strip():
        continue
    c, rs = ln.rstrip('\n').split('\t')
    class_rules[c] = set(rs.split(','))

def caught_strict(r):
    """A finding of the concern's own rule: its catalogue id, or a rule its class lists."""
    allowed = {r['rule']} if r['rule'] != '-' else class_rules.get(r['class'], set())
    for fd in by[(mail_of[r['patch']], r['file'])]:
        if fd['rule'] not in allowed:
            continue
        lines = [fd['line']] + [x['line'] for x in fd.get('related', []) if x.get('file', fd['file']) == fd['file']]
        if any(r['lo'] <= l <= r['hi'] for l in lines):
            return fd['rule']
    return None

def cp_caught(r):
    for l, msg in cp[(mail_of[r['patch']], r['file'])]:
        if abs(l - r['line']) <= window:
            return msg
    return None

for r in rows:
    r['by'] = caught(r)
    r['by_hunk'] = caught(r, 'hlo', 'hhi')
    r['strict'] = caught_strict(r)
    r['cp'] = cp_caught(r)

def pct(a, b):
    return '%d/%d (%.1f%%)' % (a, b, 100.0 * a / b) if b else '0/0'

have_cp = os.path.exists(checkpatch) and not os.environ.get('NO_CHECKPATCH')
n = len(rows)
print('reviewer recall: %d concerns on %d patch mails (%s)' % (n, len(mail_of), os.path.relpath(tsv)))
print('jar: %s; findings: %d; window: quoted lines, and +-%d lines' % (jar, len(doc['findings']), window))
print()
print('overall        mmreview %s' % pct(sum(1 for r in rows if r['by']), n)
      + ('   checkpatch.pl %s' % pct(sum(1 for r in rows if r['cp']), n) if have_cp else '   checkpatch.pl: not run (NO_CHECKPATCH, or not found at %s)' % checkpatch))
print('  (anywhere in the quoted @@ hunk, a looser window: mmreview %s)' % pct(sum(1 for r in rows if r['by_hunk']), n))
print('strict         mmreview %s   (the finding is of a rule that addresses the concern: its catalogue id,'
      % pct(sum(1 for r in rows if r['strict']), n))
print('                or a rule bench/recall/class-rules.tsv lists for its class)')
cat = [r for r in rows if r['rule'] != '-']
print('catalogued     mmreview %s' % pct(sum(1 for r in cat if r['by']), len(cat))
      + ('   checkpatch.pl %s' % pct(sum(1 for r in cat if r['cp']), len(cat)) if have_cp else ''))
unc = [r for r in rows if r['rule'] == '-']
print('uncatalogued   mmreview %s (any finding counts)' % pct(sum(1 for r in unc if r['by']), len(unc))
      + ('   checkpatch.pl %s' % pct(sum(1 for r in unc if r['cp']), len(unc)) if have_cp else ''))
uffd = [r for r in rows if r['file'] in ('mm/userfaultfd.c', 'fs/userfaultfd.c', 'include/linux/userfaultfd_k.h')]
print('userfaultfd    mmreview %s' % pct(sum(1 for r in uffd if r['by']), len(uffd))
      + ('   checkpatch.pl %s' % pct(sum(1 for r in uffd if r['cp']), len(uffd)) if have_cp else '')
      + '   (mm/userfaultfd.c, fs/userfaultfd.c, userfaultfd_k.h)')
print('  strictly     mmreview %s' % pct(sum(1 for r in uffd if r['strict']), len(uffd)))
print()
print('per catalogue id:')
ids = sorted(set(r['rule'] for r in cat))
in_jar = set(open(out + '/rules.txt').read().split())
for i in ids:
    rs = [r for r in cat if r['rule'] == i]
    print(('  %-28s mmreview %-16s' % (i, pct(sum(1 for r in rs if r['by']), len(rs)))
           + ('checkpatch.pl %-16s' % pct(sum(1 for r in rs if r['cp']), len(rs)) if have_cp else '')
           + ('' if i in in_jar else '  (no such rule in this jar)')).rstrip())
print()
print('what caught the uncatalogued concerns it caught (rule: count):')
got = collections.Counter(r['by'] for r in unc if r['by'])
print('  ' + (', '.join('%s: %d' % kv for kv in got.most_common()) or 'nothing'))
print()
if have_cp:
    print('what checkpatch.pl said where it caught one (message: count):')
    for k, v in collections.Counter(re.sub(r'\(ctx:.*', '', r['cp'])[:70] for r in rows if r['cp']).most_common(8):
        print('  %4d  %s' % (v, k))
    print()
print('misses by class (rule id, or class for uncatalogued ones):')
miss = [r for r in rows if not r['by']]
cls = collections.Counter(r['rule'] if r['rule'] != '-' else r['class'] for r in miss)
for k, v in cls.most_common():
    print('  %4d  %s' % (v, k))
print()
print('caught (%d): file:line  rule/class  <- finding  reviewer: concern  (* strictly)' % sum(1 for r in rows if r['by']))
for r in rows:
    if r['by']:
        print('  %s:%d\t%s\t<- %s%s\t%s: %s' % (r['file'], r['line'], r['rule'] if r['rule'] != '-' else '-/' + r['class'],
                                               r['strict'] or r['by'], ' *' if r['strict'] else '', r['reviewer'], r['concern']))
print()
print('misses (%d): file:line  rule/class  reviewer: concern  [reply]' % len(miss))
for r in miss:
    print('  %s:%d\t%s\t%s: %s\t[%s]' % (r['file'], r['line'], r['rule'] if r['rule'] != '-' else '-/' + r['class'],
                                       r['reviewer'], r['concern'], r['reply']))
EOF
