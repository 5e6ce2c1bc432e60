package org.mmreview.rules.checks.typo;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * The words of kernel comments, from the resource {@code bench/typo-dictionary.py} generates out of
 * the Linux tree and the Debian English word lists: the frequent words (a typo's correction is one
 * of them, the most used first), the merely known ones (never reported, never proposed), and the
 * hashes of the misspellings checkpatch.pl's scripts/spelling.txt already reports.
 */
public final class WordList {
  private static final String RESOURCE = "/org/mmreview/rules/typo/words.txt.gz";

  private static volatile WordList shipped;

  /** The value of {@link #words} for a known word that is not frequent. */
  private static final int KNOWN_ONLY = -1;

  /**
   * Every word of either tier to its rank when frequent (0 = most used in kernel comments and
   * identifiers), else to {@link #KNOWN_ONLY}: one lookup tells whether a word is known, where a
   * map of the frequent and a set of the known took two for every word not frequent (and the
   * speller asks for every derivation of every comment word).
   */
  private final Map<String, Integer> words;

  private final Set<String> checkpatchHashes;

  /** Bits of {@link #frequentHashes}: about 1% of other hash codes pass for the shipped list. */
  private static final int FILTER_BITS = 20;

  /**
   * A bit per {@link #filterBit} of a frequent word's hash code: the speller tries dozens of
   * one-edit candidates per letter of an unknown word, and builds and looks up only those whose
   * hash code passes.
   */
  private final long[] frequentHashes = new long[(1 << FILTER_BITS) / 64];

  private WordList(Map<String, Integer> words, Set<String> checkpatchHashes) {
    this.words = words;
    this.checkpatchHashes = checkpatchHashes;
    words.forEach(
        (w, rank) -> {
          if (rank != KNOWN_ONLY) {
            int b = filterBit(w.hashCode());
            frequentHashes[b >>> 6] |= 1L << b;
          }
        });
  }

  private static int filterBit(int hash) {
    return (hash * 0x9E3779B9) >>> (32 - FILTER_BITS);
  }

  /**
   * False when no frequent word has the {@link String#hashCode} {@code hash}; true for every
   * frequent word's (and a few others).
   */
  public boolean mayBeFrequent(int hash) {
    int b = filterBit(hash);
    return (frequentHashes[b >>> 6] & (1L << b)) != 0;
  }

  /** A HashMap capacity that holds {@code n} entries without rehashing. */
  private static int capacity(int n) {
    return n * 4 / 3 + 1;
  }

  /**
   * The list shipped in the jar, read once per process (about 100,000 words). Locked while read: an
   * audit reads it ahead on another thread, and a worker asking meanwhile waits for that read
   * rather than making its own.
   */
  public static WordList shipped() {
    WordList w = shipped;
    return w != null ? w : readShipped();
  }

  private static synchronized WordList readShipped() {
    WordList w = shipped;
    if (w == null) {
      try (InputStream in = WordList.class.getResourceAsStream(RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException("missing resource " + RESOURCE);
        }
        w = read(new GZIPInputStream(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + RESOURCE, e);
      }
      shipped = w;
    }
    return w;
  }

  /** Reads the generator's format: {@code # frequent}, {@code # known}, {@code # checkpatch}. */
  static WordList read(InputStream in) throws IOException {
    // sized for the shipped list (about 102,000 words), which then never rehashes
    Map<String, Integer> words = new HashMap<>(capacity(110_000));
    int frequent = 0;
    Set<String> checkpatch = new HashSet<>();
    String section = "";
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith("# ")) {
          section = line.substring(2);
        } else if (!line.isEmpty()) {
          switch (section) {
            case "frequent" -> {
              Integer was = words.get(line);
              if (was == null || was == KNOWN_ONLY) {
                words.put(line, frequent++);
              }
            }
            case "known" -> words.putIfAbsent(line, KNOWN_ONLY);
            case "checkpatch" -> checkpatch.add(line);
            default -> {}
          }
        }
      }
    }
    return new WordList(words, checkpatch);
  }

  /** True when {@code word} (lower case) is a word of either tier. */
  public boolean contains(String word) {
    return words.containsKey(word);
  }

  /** The rank of a frequent word (lower is more used), or empty when it is not frequent. */
  public Optional<Integer> rank(String word) {
    Integer r = words.get(word);
    return r == null || r == KNOWN_ONLY ? Optional.empty() : Optional.of(r);
  }

  /** True when checkpatch.pl's spelling list has {@code word} (lower case) as a misspelling. */
  public boolean checkpatchReports(String word) {
    return checkpatchHashes.contains(sha1Prefix(word));
  }

  static String sha1Prefix(String word) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-1").digest(word.getBytes(StandardCharsets.UTF_8));
      StringBuilder sb = new StringBuilder(8);
      for (int i = 0; i < 4; i++) {
        sb.append(String.format("%02x", d[i] & 0xff));
      }
      return sb.toString();
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-1 is part of every Java runtime", e);
    }
  }
}
