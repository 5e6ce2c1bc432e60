#!/usr/bin/env bash
# Intake over the shared public-inbox corpus:
#  1. `mmreview intake --inbox ... --stats`, timed: every message accounted for.
#  2. Byte-identity check: for every message where git or mmreview sees a diff touching
#     mm/, the per-file numstat and the hunk text mmreview extracts must equal what
#     `git mailinfo` + `git apply --numstat` see in the same mail.
#  3. The header filter: every mail decoded with all its header fields and with only those
#     MailParser reads must come out the same.
# Usage: bench/intake-corpus.sh [INBOX]   (default: /tmp/corpus.git, cloned from the bundle)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
. "$here/corpus-inbox.sh"
inbox="$(corpus_inbox "${1:-}")" || exit 2
out="$root/bench/out/intake"
rm -rf "$out"; mkdir -p "$out/ours" "$out/git" "$out/mails"
name="$(basename "$inbox")"

echo "== mmreview intake --inbox $inbox --stats"
start=$(date +%s.%N)
"$root/mmreview" intake --inbox "$inbox" --stats --export-hunks "$out/ours" \
  >"$out/stats.txt" 2>"$out/stats.err"
end=$(date +%s.%N)
cat "$out/stats.txt"
echo "diagnostics: $(wc -l <"$out/stats.err") (see $out/stats.err)"
sed 's/^/  /' "$out/stats.err" | head -20
printf 'run time: %.1f s (including JVM start)\n' "$(echo "$end - $start" | bc)"

echo "== git mailinfo + git apply --numstat over every message"
git --git-dir="$inbox" rev-list HEAD | sed 's/.*/&:m &/' |
  git --git-dir="$inbox" cat-file --batch='%(objecttype) %(objectsize) %(rest)' |
  perl -e '
    my ($dir, $name) = @ARGV;
    while (my $h = <STDIN>) {
      chomp $h;
      my ($type, $size, $commit) = split / /, $h;
      next unless defined $commit && $type eq "blob";
      read(STDIN, my $buf, $size); <STDIN>;
      open(my $f, ">:raw", "$dir/$name\@" . substr($commit, 0, 12)) or die;
      print $f $buf; close $f;
    }' "$out/mails" "$name"
ls "$out/mails" | xargs -P 2 -n 100 bash -c '
  out="$0"
  for id in "$@"; do
    m="$out/mails/$id"; g="$out/git/$id"
    git mailinfo -u "$g.msg" "$g.patch" <"$m" >/dev/null 2>&1 || true
    if git apply --numstat "$g.patch" >"$g.numstat" 2>/dev/null && [ -s "$g.numstat" ]; then
      perl "'"$here"'/git-hunks.pl" "$g.patch" "$g.numstat" >"$g.hunks"
    else
      rm -f "$g.numstat"
    fi
    rm -f "$g.msg" "$g.patch"
  done' "$out"

compare() {
perl -e '
  my ($out, $filter) = @ARGV;
  my %ours;
  open(my $n, "<", "$out/ours/numstat.tsv") or die;
  while (<$n>) { my ($id, $rest) = split /\t/, $_, 2; $ours{$id} .= $rest; }
  my %cat;
  open(my $mi, "<", "$out/ours/messages.tsv") or die;
  while (<$mi>) { chomp; my ($id, $c, $r) = split /\t/; $cat{$id} = $c . ($r ? "/$r" : ""); }
  my %git;
  opendir(my $d, "$out/git") or die;
  for my $f (readdir $d) {
    next unless $f =~ /^(.*)\.numstat$/;
    my $id = $1; local $/; open(my $h, "<", "$out/git/$f") or die; $git{$id} = <$h>;
  }
  my %ids;
  for my $id (keys %ours) { $ids{$id} = 1 if $ours{$id} =~ /\t\Q$filter\E/m; }
  for my $id (keys %git) { $ids{$id} = 1 if $git{$id} =~ /\t\Q$filter\E/m; }
  my ($same, $nsdiff, $hdiff, $gitonly, $oursonly) = (0, 0, 0, 0, 0);
  my @bad;
  for my $id (sort keys %ids) {
    my $o = $ours{$id}; my $g = $git{$id};
    if (!defined $o) { $gitonly++; push @bad, "git only ($cat{$id}): $id"; next; }
    if (!defined $g) { $oursonly++; push @bad, "mmreview only: $id"; next; }
    if ($o ne $g) { $nsdiff++; push @bad, "numstat differs: $id"; next; }
    my $safe = $id; $safe =~ s/[^A-Za-z0-9._\@-]/_/g;
    my $oh = do { local $/; open(my $h, "<:raw", "$out/ours/$safe.hunks") or die "$safe"; <$h> };
    my $gh = do { local $/; open(my $h, "<:raw", "$out/git/$id.hunks") or die; <$h> };
    if ($oh ne $gh) { $hdiff++; push @bad, "hunk text differs: $id (diff $out/ours/$safe.hunks $out/git/$id.hunks)"; next; }
    $same++;
  }
  my $total = scalar keys %ids;
  print "compared: $total messages with a diff touching \"$filter*\"\n";
  print "identical (numstat and hunk bytes): $same\n";
  print "numstat mismatches: $nsdiff\nhunk text mismatches: $hdiff\n";
  print "diff seen by git only: $gitonly\ndiff seen by mmreview only: $oursonly\n";
  print "  $_\n" for @bad;
  exit(@bad ? 1 : 0);
' "$out" "$1"
}
status=0
echo "== comparison: messages where either side sees a file under mm/"
compare "mm/" || status=1
echo "== comparison: messages with any diff"
compare "" || status=1
# mime4j is handed only the header fields MailParser reads (MailParser.readFields): every mail
# decoded both ways, whole and headers only, must come out the same
echo "== header filter: every mail decoded with all header fields and with the read ones"
(cd "$root" && mvn -q -B -o test-compile -Dstyle.color=never) >&2
java -cp "$root/target/mmreview.jar:$root/target/test-classes" org.mmreview.intake.HeaderFilterCheck \
  "$inbox" || status=1
# The planner's fragment cache moves a hunk side's tree to the lines it turns up at again
# (CParser.moved): every C hunk side must come out of the move as parsed there
echo "== line shift: every C hunk side parsed at its line, and parsed at line 1 and moved there"
java -Xss16m -cp "$root/target/mmreview.jar:$root/target/test-classes" org.mmreview.review.LineShiftCheck \
  "$inbox" || status=1
exit $status
