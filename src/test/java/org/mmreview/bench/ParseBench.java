package org.mmreview.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.ErrorNode;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.cparse.CParser;
import org.mmreview.cparse.ConfigurationParse;
import org.mmreview.cparse.ParseResult;

/**
 * The parse bench's harness ({@code bench/parse-kernel.sh}): parses every file in one JVM and
 * prints totals, the parse time, the SLL-to-LL fallback rate and the parser's slowest decisions.
 * Exit 0 when everything parsed, 1 when some region became an error node, 2 when a file cannot be
 * read.
 *
 * <pre>
 * java -cp target/mmreview.jar:target/test-classes org.mmreview.bench.ParseBench [--jobs N] FILE...
 * </pre>
 *
 * With {@code --jobs N} the files are parsed on N threads, one parser each (sharing the DFA cache).
 * With {@code --configurations} each file is also parsed in its other configurations ({@code #elif}
 * and {@code #else} branches, {@link CParser#parseOtherConfigurations}), and the functions only
 * they show are counted apart (their parse is not in the timed figures' denominator).
 */
public final class ParseBench {
  private final int jobs;
  private final boolean configurations;
  private final List<CParser> parsers = new CopyOnWriteArrayList<>();

  /** What parsing one file produced: its exit status, the line to print on stderr, its totals. */
  private record Outcome(int status, String err, Stats part) {}

  public ParseBench(int jobs) {
    this(jobs, false);
  }

  public ParseBench(int jobs, boolean configurations) {
    this.jobs = jobs;
    this.configurations = configurations;
  }

  public static void main(String[] args) {
    int jobs = 1;
    boolean configurations = false;
    List<Path> files = new ArrayList<>();
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--jobs") && i + 1 < args.length) {
        jobs = Integer.parseInt(args[++i]);
      } else if (args[i].equals("--configurations")) {
        configurations = true;
      } else {
        files.add(Path.of(args[i]));
      }
    }
    PrintWriter out = new PrintWriter(System.out);
    PrintWriter err = new PrintWriter(System.err, true);
    int status = new ParseBench(jobs, configurations).run(files, out, err);
    out.flush();
    System.exit(status);
  }

  /** Parses {@code files}, prints the totals on {@code out}; the exit status. */
  public int run(List<Path> files, PrintWriter out, PrintWriter err) {
    long t0 = System.nanoTime();
    List<Outcome> outcomes = jobs > 1 ? parallel(files) : sequential(files, err);
    Stats totals = new Stats();
    int status = 0;
    for (Outcome o : outcomes) {
      if (jobs > 1 && o.err() != null) {
        err.println(o.err());
      }
      status = Math.max(status, o.status());
      if (o.part() != null) {
        totals.merge(o.part());
      }
    }
    long chunks = parsers.stream().mapToLong(CParser::chunkCount).sum();
    long ll = parsers.stream().mapToLong(CParser::llFallbackCount).sum();
    totals.print(out, System.nanoTime() - t0, chunks, ll, jobs);
    if (parsers.size() == 1) {
      for (String line : parsers.get(0).profileReport(10)) {
        out.printf("profile: %s%n", line);
      }
    }
    out.flush();
    return status;
  }

  private List<Outcome> sequential(List<Path> files, PrintWriter err) {
    CParser parser = new CParser();
    parsers.add(parser);
    List<Outcome> outcomes = new ArrayList<>();
    for (Path file : files) {
      Outcome o = parse(file, parser, configurations);
      if (o.err() != null) {
        err.println(o.err()); // as we go: a long run shows progress
      }
      outcomes.add(o);
    }
    return outcomes;
  }

  private List<Outcome> parallel(List<Path> files) {
    ThreadLocal<CParser> local =
        ThreadLocal.withInitial(
            () -> {
              CParser p = new CParser();
              parsers.add(p);
              return p;
            });
    ExecutorService pool =
        Executors.newFixedThreadPool(
            jobs,
            r -> {
              Thread t = new Thread(null, r, "mmreview-parse", 16L << 20);
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<Outcome>> futures = new ArrayList<>();
      for (Path file : files) {
        futures.add(pool.submit(() -> parse(file, local.get(), configurations)));
      }
      List<Outcome> outcomes = new ArrayList<>();
      for (Future<Outcome> f : futures) {
        outcomes.add(f.get());
      }
      return outcomes;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    } catch (ExecutionException e) {
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  private static Outcome parse(Path file, CParser parser, boolean configurations) {
    String text;
    try {
      text = read(file);
    } catch (IOException e) {
      return new Outcome(2, "mmreview: " + file + ": cannot read: " + e.getMessage(), null);
    }
    Optional<String> refused = CParser.checkInput(text);
    if (refused.isPresent()) {
      return new Outcome(2, "mmreview: " + file + ": " + refused.get(), null);
    }
    long f0 = System.nanoTime();
    ParseResult r = parser.parseFile(file.toString(), text);
    long nanos = System.nanoTime() - f0;
    Stats part = new Stats();
    part.add(r.unit(), text);
    part.time(file, nanos);
    if (configurations) {
      for (ConfigurationParse other : parser.parseOtherConfigurations(file.toString(), text)) {
        part.addConfiguration(other);
      }
    }
    return new Outcome(r.hasProblems() ? 1 : 0, null, part);
  }

  /** UTF-8, or Latin-1 when the file is not valid UTF-8 (as {@code mmreview parse} reads). */
  private static String read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  /** Totals of a batch run, as the bench prints them. */
  private static final class Stats {
    int files;
    long lines;
    int functions;
    final List<String> errorFunctions = new ArrayList<>();
    int errorNodes;
    int configurations;
    int configurationFunctions;
    final List<String> configurationErrors = new ArrayList<>();
    Path slowest;
    long slowestNanos = -1;

    void time(Path file, long nanos) {
      if (nanos > slowestNanos) {
        slowestNanos = nanos;
        slowest = file;
      }
    }

    void add(CompilationUnit u, String text) {
      files++;
      for (int i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) {
        lines++;
      }
      if (!text.isEmpty() && !text.endsWith("\n")) {
        lines++;
      }
      functions += u.functions().size();
      for (Node item : u.items()) {
        if (item instanceof ErrorNode e) {
          errorNodes++;
          if (e.functionName().isPresent() && e.text().contains("{")) {
            functions++;
            errorFunctions.add(
                u.fileName()
                    + ":"
                    + e.range().beginLine()
                    + ": "
                    + e.functionName().get()
                    + " ("
                    + e.reason()
                    + ")");
          }
        }
      }
    }

    /**
     * The functions (and unparsed function regions) another configuration shows that the main one
     * does not: those starting on one of its own lines.
     */
    void addConfiguration(ConfigurationParse other) {
      configurations++;
      CompilationUnit u = other.result().unit();
      for (FunctionDefinition f : u.functions()) {
        if (other.configuration().regionAt(f.range().beginLine()).isPresent()) {
          configurationFunctions++;
        }
      }
      for (Node item : u.items()) {
        if (item instanceof ErrorNode e
            && other.configuration().regionAt(e.range().beginLine()).isPresent()) {
          configurationErrors.add(
              u.fileName()
                  + ":"
                  + e.range().beginLine()
                  + ": "
                  + e.functionName().orElse("?")
                  + " ["
                  + other.configuration().name()
                  + "] ("
                  + e.reason()
                  + ")");
        }
      }
    }

    void merge(Stats o) {
      configurations += o.configurations;
      configurationFunctions += o.configurationFunctions;
      configurationErrors.addAll(o.configurationErrors);
      files += o.files;
      lines += o.lines;
      functions += o.functions;
      errorFunctions.addAll(o.errorFunctions);
      errorNodes += o.errorNodes;
      if (o.slowest != null) {
        time(o.slowest, o.slowestNanos);
      }
    }

    void print(PrintWriter out, long nanos, long chunkCount, long llCount, int threads) {
      double secs = nanos / 1e9;
      int good = functions - errorFunctions.size();
      out.printf("files: %d%n", files);
      out.printf("lines: %d%n", lines);
      out.printf("functions: %d%n", functions);
      out.printf("functions with error nodes: %d%n", errorFunctions.size());
      for (String f : errorFunctions) {
        out.printf("  %s%n", f);
      }
      out.printf("error nodes (all top-level regions): %d%n", errorNodes);
      out.printf(
          "functions without error nodes: %.3f%%%n",
          functions == 0 ? 100.0 : 100.0 * good / functions);
      out.printf(
          "parse time (in JVM): %.2f s on %d thread%s%n", secs, threads, threads == 1 ? "" : "s");
      out.printf("lines per second: %.0f%n", secs == 0 ? 0 : lines / secs);
      if (slowest != null) {
        out.printf("slowest file: %s (%.0f ms)%n", slowest, slowestNanos / 1e6);
      }
      out.printf(
          "chunks: %d, SLL->LL fallbacks: %d (%.3f%%)%n",
          chunkCount, llCount, chunkCount == 0 ? 0.0 : 100.0 * llCount / chunkCount);
      if (configurations > 0) {
        out.printf("other configurations (#elif/#else): %d%n", configurations);
        out.printf("functions only they show: %d%n", configurationFunctions);
        out.printf("error nodes on their own lines: %d%n", configurationErrors.size());
        for (String e : configurationErrors) {
          out.printf("  %s%n", e);
        }
      }
    }
  }
}
