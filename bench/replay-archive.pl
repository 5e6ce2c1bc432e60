#!/usr/bin/perl
# Replays a public-inbox v1 archive into a bigger one, as a git fast-import stream on stdout:
# round r re-sends every message with fresh Message-IDs (and the In-Reply-To/References that
# point at them, so threads and series stay whole within a round) and dates moved r*5 years
# on, until N messages are written. The mail bodies are the real ones, quirks included.
# Usage: bench/replay-archive.pl SRC.git N | git -C DST.git fast-import --quiet
use strict;
use warnings;

my ($src, $want) = @ARGV;
die "usage: $0 SRC.git N\n" unless defined $want && $want =~ /^\d+$/;

my @blobs;
open(my $log, '-|', 'git', '-C', $src, 'log', '--reverse', '--format=%H') or die "git log: $!\n";
while (my $c = <$log>) {
  chomp $c;
  push @blobs, "$c:m";
}
close $log;
die "no commits in $src\n" unless @blobs;

# One cat-file process for all reads; deleted messages (no 'm') answer "missing".
use IPC::Open2;
my $pid = open2(my $cat_out, my $cat_in, 'git', '-C', $src, 'cat-file', '--batch');
binmode $cat_out;
binmode STDOUT;

sub read_blob {
  my ($spec) = @_;
  print $cat_in "$spec\n";
  $cat_in->flush;
  my $head = <$cat_out>;
  return undef if $head =~ /missing$/;
  my ($size) = $head =~ /^\S+ \S+ (\d+)$/ or die "cat-file: $head";
  my $data = '';
  read($cat_out, $data, $size) == $size or die "short read\n";
  <$cat_out>;    # the newline after the object
  return $data;
}

my $written = 0;
my $when = 1_500_000_000;
ROUND: for (my $round = 0; ; $round++) {
  for my $spec (@blobs) {
    last ROUND if $written >= $want;
    my $mail = read_blob($spec);
    next unless defined $mail;
    $mail = refresh($mail, $round) if $round > 0;
    $written++;
    $when += 60;
    print "blob\nmark :$written\ndata ", length($mail), "\n", $mail, "\n";
    print "commit refs/heads/master\n";
    print "committer replay <replay\@example.invalid> $when +0000\n";
    print "data 7\nreplay\n";
    print "M 100644 :$written m\n\n";
  }
}
close $cat_in;
waitpid $pid, 0;

# Fresh ids and dates in the header only; the body stays byte for byte.
sub refresh {
  my ($mail, $round) = @_;
  my $split = index($mail, "\n\n");
  $split = length($mail) if $split < 0;
  my $head = substr($mail, 0, $split);
  my $body = substr($mail, $split);
  my $field = '';
  my @out;
  for my $line (split /\n/, $head, -1) {
    $field = lc $1 if $line =~ /^([A-Za-z-]+):/;
    if ($field =~ /^(message-id|in-reply-to|references)$/) {
      $line =~ s/<([^<>\s]+)>/<r$round.$1>/g;
    } elsif ($field eq 'date' && $line =~ /^date:/i) {
      $line =~ s/\b((?:19|20)\d\d)\b/$1 + 5 * $round/e;
    }
    push @out, $line;
  }
  return join("\n", @out) . $body;
}
