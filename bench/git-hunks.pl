#!/usr/bin/perl
# Reads a patch file (as `git mailinfo` writes it) and prints, per file section, its hunks
# in the form mmreview's --export-hunks uses: "=== PATH" then "@@ -a,b +c,d @@HEADING"
# and the body lines. Hunk bodies are read by their counts, like `git apply` does.
# Paths come from `git apply --numstat` on the same patch (argument 2), in order.
use strict;
use warnings;
my ($patch, $numstat) = @ARGV;
open(my $ns, '<', $numstat) or die;
my @paths = map { chomp; (split /\t/, $_, 3)[2] } <$ns>;
open(my $in, '<:raw', $patch) or die;
my @l = <$in>;
chomp @l;
my $k = -1;
my $out = '';
my $i = 0;
while ($i < @l) {
  my $x = $l[$i];
  if ($x =~ /^diff --git / || ($x =~ /^--- / && $i + 2 < @l && $l[$i+1] =~ /^\+\+\+ / && $l[$i+2] =~ /^\@\@ -/ && ($i == 0 || $l[$i-1] !~ /^(index |new file mode|deleted file mode|old mode|new mode|similarity|rename|copy|diff --git)/))) {
    $k++;
    my $p = defined $paths[$k] ? $paths[$k] : "?";
    $out .= "=== $p\n";
    $i += ($x =~ /^--- /) ? 2 : 1;
    next;
  }
  if ($k >= 0 && $x =~ /^\@\@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? \@\@(.*)\z/) {
    my ($os, $oc, $ns2, $nc, $h) = ($1, defined $2 ? $2 : 1, $3, defined $4 ? $4 : 1, $5);
    $out .= "\@\@ -$os,$oc +$ns2,$nc \@\@$h\n";
    $i++;
    while (($oc > 0 || $nc > 0) && $i < @l) {
      my $y = $l[$i];
      my $c = $y eq '' ? ' ' : substr($y, 0, 1);
      if ($c eq ' ') { $oc--; $nc--; $out .= ($y eq '' ? ' ' : $y) . "\n"; }
      elsif ($c eq '-') { $oc--; $out .= "$y\n"; }
      elsif ($c eq '+') { $nc--; $out .= "$y\n"; }
      elsif ($c eq '\\') { $out .= "$y\n"; }
      else { last; }
      $i++;
    }
    if ($i < @l && $l[$i] =~ /^\\ /) { $out .= "$l[$i]\n"; $i++; }
    next;
  }
  $i++;
}
print $out;
