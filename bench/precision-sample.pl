#!/usr/bin/env perl
# Draws the precision sample of one rule from a `check --format=json` run over the corpus, for
# the tables in docs/triage/corpus-<id>.md.
#
# The draw: every finding of RULE, ordered by SHA-256 of "SEED:origin:file:line:message", the
# first N kept (all, when there are fewer). The order depends on nothing but the findings, so a
# rerun on the same output draws the same sample, and a changed rule redraws only what changed.
#
# Usage: bench/precision-sample.pl [--seed S] [--n N] [--show-mail INBOX] RULE FINDINGS.json
#   prints one Markdown row per drawn finding (# | origin | file:line | function | message);
#   with --show-mail, each row is followed by the patch lines around the finding, for judging.
use strict;
use warnings;
use JSON::PP;
use Digest::SHA qw(sha256_hex);
use Getopt::Long;
use MIME::QuotedPrint qw(decode_qp);

my ($seed, $n, $inbox) = ('mmreview-11', 30, '');
GetOptions('seed=s' => \$seed, 'n=i' => \$n, 'show-mail=s' => \$inbox) && @ARGV == 2
  or die "usage: $0 [--seed S] [--n N] [--show-mail INBOX] RULE FINDINGS.json\n";
my ($rule, $json) = @ARGV;

open my $fh, '<', $json or die "$json: $!\n";
my $doc = decode_json(do { local $/; <$fh> });
my @all = grep { $_->{rule} eq $rule } @{ $doc->{findings} };
my %key = map { ($_ => sha256_hex(join ':', $seed, $_->{origin}, $_->{file}, $_->{line}, $_->{message})) } @all;
my @drawn = (sort { $key{$a} cmp $key{$b} } @all)[0 .. ($n < @all ? $n : scalar @all) - 1];
printf "<!-- %s: %d findings, %d drawn (seed %s) -->\n", $rule, scalar @all, scalar @drawn, $seed;

my $i = 0;
for my $f (@drawn) {
  $i++;
  (my $msg = $f->{message}) =~ s/\|/\\|/g;
  printf "| %d | %s | %s:%d | %s | %s |\n", $i, $f->{origin}, $f->{file}, $f->{line},
    $f->{function} || '', $msg;
  next unless $inbox && $f->{origin} =~ /@([0-9a-f]+)$/ && $f->{patchLine};
  my $text = `git --git-dir="$inbox" show $1:m`;
  # patchLine counts the decoded body's lines, as intake reads it.
  my ($head, $body) = split /\n\n/, $text, 2;
  $text = $head . "\n\n" . decode_qp($body) if $head =~ /^Content-Transfer-Encoding:\s*quoted-printable/mi;
  my @mail = split /\n/, $text;
  my $at = $f->{patchLine} - 1;
  my ($from, $to) = ($at - 25 < 0 ? 0 : $at - 25, $at + 15 > $#mail ? $#mail : $at + 15);
  print "    ", ($_ == $at ? '>> ' : '   '), $mail[$_], "\n" for $from .. $to;
}
