#!/usr/bin/env python3
"""List the review replies that may raise a concern about the C code of an mm/ patch.

    python3 bench/recall/candidates.py [ARCHIVE] > candidates.txt

ARCHIVE: the shared corpus as a public-inbox v1 bare repository (default /tmp/corpus.git; one
commit per mail, the mail in `m`). This is the search that produced the candidates behind
bench/recall/concerns.tsv; every candidate was then read and judged by hand (README.md beside
this file). Each candidate is one block of a reply: the diff lines it quotes, then the reply's own
text. Kept: blocks whose last quoted diff lines are lines of the patch the reply answers (found
through In-Reply-To / References), in a file under mm/, fs/userfaultfd.c or an mm header, with at
least 15 characters of the reviewer's own text, from someone other than the patch's author.
Candidates are numbered in archive order (newest first), the numbers the judging used.
"""
import collections, email, email.utils, re, subprocess, sys
from email import policy

ARCHIVE = sys.argv[1] if len(sys.argv) > 1 else '/tmp/corpus.git'


def relevant(path):
    return path.endswith(('.c', '.h')) and (
        path.startswith('mm/') or path == 'fs/userfaultfd.c'
        or re.match(r'include/linux/(mm|userfaultfd|huge_mm|hugetlb|rmap|pgtable|swap|memory|shmem|pagemap|page)', path))


def body_of(m):
    try:
        if m.is_multipart():
            for part in m.walk():
                if part.get_content_type() == 'text/plain':
                    return part.get_content()
            return ''
        return m.get_content()
    except Exception:
        try:
            return m.get_payload(decode=True).decode('utf-8', 'replace')
        except Exception:
            return ''


def read_archive():
    shas = subprocess.run(['git', '-C', ARCHIVE, 'log', '--format=%H'], capture_output=True, text=True, check=True).stdout.split()
    cat = subprocess.Popen(['git', '-C', ARCHIVE, 'cat-file', '--batch'], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
    msgs = {}
    for s in shas:
        cat.stdin.write((s + ':m\n').encode()); cat.stdin.flush()
        hdr = cat.stdout.readline().split()
        if hdr[1] == b'missing':
            continue
        data = cat.stdout.read(int(hdr[2])); cat.stdout.read(1)
        m = email.message_from_bytes(data, policy=policy.default)
        mid = (m['Message-ID'] or '').strip().strip('<>')
        irt = re.findall(r'<([^>]+)>', str(m['In-Reply-To'] or ''))
        msgs[mid] = dict(mid=mid, irt=irt[0] if irt else '', refs=re.findall(r'<([^>]+)>', str(m['References'] or '')),
                         subj=str(m['Subject'] or ''), frm=str(m['From'] or ''), body=body_of(m))
    return msgs


def parse_patch(body):
    """path -> [(kind, text, new line, old line, @@ line)] for every hunk line."""
    files, cur, nl, ol, hh = {}, None, 0, 0, ''
    for ln in body.split('\n'):
        if ln.startswith('diff --git '):
            m = re.match(r'diff --git a/(\S+) b/(\S+)', ln)
            cur = m.group(2) if m else None
            hh = ''
            if cur:
                files.setdefault(cur, [])
            continue
        if cur is None or ln.startswith('+++ ') or ln.startswith('--- '):
            continue
        m = re.match(r'@@ -(\d+)(?:,\d+)? \+(\d+)(?:,\d+)? @@(.*)', ln)
        if m:
            ol, nl, hh = int(m.group(1)), int(m.group(2)), ln
            continue
        if not hh:
            continue
        if ln.startswith('+'):
            files[cur].append(('+', ln[1:], nl, ol, hh)); nl += 1
        elif ln.startswith('-'):
            files[cur].append(('-', ln[1:], nl, ol, hh)); ol += 1
        elif ln.startswith(' ') or ln == '':
            files[cur].append((' ', ln[1:], nl, ol, hh)); nl += 1; ol += 1
    return files


def norm(s):
    return re.sub(r'\s+', ' ', s).strip()


def main():
    msgs = read_archive()
    patches = {}
    for mid, m in msgs.items():
        if 'diff --git' in m['body'] and not m['subj'].lower().startswith('re:'):
            f = parse_patch(m['body'])
            if any(relevant(p) for p in f):
                patches[mid] = f
    n = 0
    for mid, m in msgs.items():
        if mid in patches or not (m['irt'] or m['refs']):
            continue
        pm = next((c for c in [m['irt']] + list(reversed(m['refs'])) if c in patches), None)
        if not pm:
            continue
        pf = patches[pm]
        lines, i, blocks = m['body'].split('\n'), 0, []
        quoted = []
        while i < len(lines):
            if lines[i].startswith('>'):
                quoted.append(lines[i]); i += 1; continue
            j, txt = i, []
            while j < len(lines) and not lines[j].startswith('>'):
                txt.append(lines[j]); j += 1
            if quoted and any(x.strip() for x in txt):
                blocks.append((quoted, txt))
            quoted, i = [], j
        for q, txt in blocks:
            comment = []
            for x in txt:
                if x.strip() in ('--', '-- '):
                    break
                comment.append(x)
            ctext = '\n'.join(comment).strip()
            if re.search(r'wrote:\s*$', ctext) and len(ctext) < 300:
                ctext = re.sub(r'\n?On .*wrote:\s*$', '', ctext, flags=re.S).strip()
            if len(ctext) < 15 or re.fullmatch(r'(?s)\s*((Reviewed|Acked|Tested)-by:.*)', ctext):
                continue
            ql = [re.sub(r'^>\s?', '', x) for x in q if re.match(r'^>\s?[-+ ]', x) and not re.match(r'^>\s*>', x)]
            hit = None
            for qx in reversed(ql[-12:]):
                if len(norm(qx[1:])) < 3:
                    continue
                for path, hl in pf.items():
                    hit = next(((path, e) for e in hl if e[0] == qx[0] and norm(e[1]) == norm(qx[1:])), None)
                    if hit:
                        break
                if hit:
                    break
            if not hit or not relevant(hit[0]):
                continue
            idx = n; n += 1
            if email.utils.parseaddr(m['frm'])[1].lower() == email.utils.parseaddr(msgs[pm]['frm'])[1].lower():
                continue
            path, e = hit
            print('=====', idx, path, e[0], e[2], '|', email.utils.parseaddr(m['frm'])[0], '|', msgs[pm]['subj'][:90])
            print('  reply:', mid, ' patch:', pm)
            for x in q[-4:]:
                print('   ', x[:110])
            for x in [x for x in ctext.split('\n') if x.strip()][:9]:
                print('  #', x[:150])


if __name__ == '__main__':
    main()
