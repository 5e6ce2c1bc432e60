#!/usr/bin/env python3
"""Generate the word list the comment-typo rule reads (a resource of the jar).

    bench/typo-dictionary.py [KERNEL_TREE] [WORDLIST...]

KERNEL_TREE defaults to /tmp/linux-6.12 (bench/kernel-source.sh extracts it), the word lists to
/usr/share/dict/american-english and /usr/share/dict/british-english (Debian packages `wamerican`
and `wbritish`: apt-get install wamerican wbritish; kernel comments use both spellings).
Writes src/main/resources/org/mmreview/rules/typo/words.txt.gz; rerun it after changing the
thresholds below and commit the result (the rule cannot read the kernel tree or the word list at
run time: a patch review has neither).

What goes in, and why:
- the words of the comments of the kernel's C files (mm/, fs/, kernel/, include/, lib/, block/,
  ipc/, init/, security/, arch/x86/ and a few driver subsystems): a word seen in at least
  KNOWN_MIN comments is a word of the kernel's language, even when no dictionary has it
  (`pgtable`, `hugepage`, `memcg`); a word seen once may be a typo of the tree itself;
- the parts of the identifiers of the same files (split at `_` and at case changes), counted the
  same way: `secretmem`, `userfaultfd` are words of comments too;
- the English word list (possessives dropped).

Two tiers, because a typo is a word that is unknown AND one edit away from a word writers use a lot:
`# frequent` (kernel count >= FREQUENT_MIN, or an English word the kernel's comments use at least
ENGLISH_FREQUENT_MIN times) are the words a typo is measured against, most used first (the rule
proposes the first one an edit reaches); `# known` the rest, words that are never reported but
never proposed either.

checkpatch.pl's scripts/spelling.txt already reports its misspellings (SPELLING_TYPO): the rule
leaves those to it. The list itself is not copied here: the misspellings are stored as the first 8
hex digits of their SHA-1 (`# checkpatch` section), enough to skip them and nothing to read back.
"""
import collections
import gzip
import hashlib
import os
import re
import sys

KNOWN_MIN = 3
FREQUENT_MIN = 40
ENGLISH_FREQUENT_MIN = 3
MIN_LEN = 3

tree = sys.argv[1] if len(sys.argv) > 1 else '/tmp/linux-6.12'
wordlists = sys.argv[2:] or ['/usr/share/dict/american-english', '/usr/share/dict/british-english']
here = os.path.dirname(os.path.abspath(__file__))
out = os.path.join(here, '..', 'src/main/resources/org/mmreview/rules/typo/words.txt.gz')

DIRS = ['mm', 'fs', 'kernel', 'include', 'lib', 'block', 'ipc', 'init', 'security', 'arch/x86',
        'drivers/base', 'drivers/block', 'drivers/char', 'drivers/md', 'drivers/nvme',
        'drivers/pci', 'drivers/iommu', 'drivers/dma-buf', 'drivers/virtio', 'drivers/vfio',
        'drivers/gpu/drm/i915', 'net/core', 'net/ipv4']

COMMENT = re.compile(r'/\*.*?\*/|//[^\n]*', re.S)
STRING = re.compile(r'"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'')
IDENT = re.compile(r'\b[A-Za-z_][A-Za-z0-9_]*\b')
WORD = re.compile(r"[A-Za-z]+")
CAMEL = re.compile(r'[A-Z]?[a-z]+|[A-Z]+(?![a-z])')

comment_words = collections.Counter()
ident_words = collections.Counter()
for d in DIRS:
    for root, _, files in os.walk(os.path.join(tree, d)):
        for name in files:
            if not name.endswith(('.c', '.h')):
                continue
            try:
                text = open(os.path.join(root, name), encoding='utf-8', errors='replace').read()
            except OSError:
                continue
            comments = COMMENT.findall(text)
            # Counted once per comment: a word repeated in one comment is one writer's choice.
            for c in comments:
                for w in set(m.lower() for m in WORD.findall(c) if len(m) >= MIN_LEN):
                    comment_words[w] += 1
            code = STRING.sub(' ', COMMENT.sub(' ', text))
            seen = set()
            for ident in IDENT.findall(code):
                for part in ident.split('_'):
                    for p in CAMEL.findall(part):
                        if len(p) >= MIN_LEN:
                            seen.add(p.lower())
            for w in seen:
                ident_words[w] += 1

english = set()
for wordlist in wordlists:
    for ln in open(wordlist, encoding='utf-8', errors='replace'):
        w = ln.strip()
        if w.endswith("'s") or not w.isalpha() or not w.isascii() or len(w) < MIN_LEN:
            continue
        english.add(w.lower())

kernel = collections.Counter()
for w, n in comment_words.items():
    kernel[w] += n
for w, n in ident_words.items():
    kernel[w] += n

frequent = set()
known = set()
for w, n in kernel.items():
    if n >= FREQUENT_MIN or (w in english and comment_words[w] >= ENGLISH_FREQUENT_MIN):
        frequent.add(w)
    elif n >= KNOWN_MIN:
        known.add(w)
known |= english - frequent

checkpatch = set()
spelling = os.path.join(tree, 'scripts/spelling.txt')
for ln in open(spelling, encoding='utf-8', errors='replace'):
    if ln.startswith('#') or '||' not in ln:
        continue
    typo = ln.split('||', 1)[0].strip().lower()
    checkpatch.add(hashlib.sha1(typo.encode()).hexdigest()[:8])

os.makedirs(os.path.dirname(out), exist_ok=True)
with gzip.GzipFile(out, 'wb', compresslevel=9, mtime=0) as f:
    f.write(b'# generated by bench/typo-dictionary.py from the Linux tree and the English word list\n')
    sections = (('frequent', sorted(frequent, key=lambda w: (-kernel[w], w))),
                ('known', sorted(known)), ('checkpatch', sorted(checkpatch)))
    for title, words in sections:
        f.write(('# ' + title + '\n').encode())
        f.write(('\n'.join(words) + '\n').encode())
print(f'{os.path.normpath(out)}: {len(frequent)} frequent, {len(known)} known, {len(checkpatch)} checkpatch, '
      f'{os.path.getsize(out)} bytes')
