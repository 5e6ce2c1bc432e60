package org.mmreview.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mmreview.ast.AstJson;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.ErrorNode;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.cparse.CParser;
import org.mmreview.cparse.ParseResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code mmreview parse FILE... [--json]}: parses C files and prints their AST or a summary. */
@Command(
    name = "parse",
    mixinStandardHelpOptions = true,
    description = {
      "Parse kernel C files (without running the preprocessor) and print a summary:",
      "functions, and error nodes with their reasons. Exit 0 when everything parsed,",
      "1 when some region became an error node, 2 when a file cannot be read."
    })
public final class ParseCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "C source files")
  List<Path> files = new ArrayList<>();

  @Option(names = "--json", description = "Dump the AST as JSON instead of the summary.")
  boolean json;

  @Option(
      names = "--fragment",
      paramLabel = "FIRST_LINE",
      description = "Parse each file as the lines of a diff hunk starting at FIRST_LINE.")
  Integer fragmentLine;

  @Option(
      names = "--stats",
      hidden = true,
      description = "Batch mode for the bench: parse every file in one run and print totals.")
  boolean stats;

  @Option(
      names = "--jobs",
      hidden = true,
      paramLabel = "N",
      description = "With --stats: parse files on N threads (one parser each, shared DFA cache).")
  int jobs = 1;

  /** What parsing one file produced: its exit status, output, diagnostic and totals. */
  private record Outcome(int status, String out, String err, Stats part) {}

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    Stats totals = new Stats();
    List<CParser> parsers = new java.util.concurrent.CopyOnWriteArrayList<>();
    long t0 = System.nanoTime();
    List<Outcome> outcomes = new ArrayList<>();
    if (stats && jobs > 1) {
      ThreadLocal<CParser> local = ThreadLocal.withInitial(() -> {
        CParser p = new CParser();
        parsers.add(p);
        return p;
      });
      java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(jobs,
          r -> {
            Thread t = new Thread(null, r, "mmreview-parse", 16L << 20);
            t.setDaemon(true);
            return t;
          });
      try {
        List<java.util.concurrent.Future<Outcome>> futures = new ArrayList<>();
        for (Path file : files) {
          futures.add(pool.submit(() -> process(file, local.get())));
        }
        for (java.util.concurrent.Future<Outcome> f : futures) {
          outcomes.add(f.get());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return ExitCodes.INTERNAL_ERROR;
      } catch (java.util.concurrent.ExecutionException e) {
        throw new IllegalStateException(e.getCause());
      } finally {
        pool.shutdownNow();
      }
    } else {
      CParser parser = new CParser();
      parsers.add(parser);
      for (Path file : files) {
        Outcome o = process(file, parser);
        // print as we go, so that a long summary run shows progress
        emit(o, out, err);
        outcomes.add(new Outcome(o.status(), null, null, o.part()));
      }
    }
    int status = ExitCodes.OK;
    for (Outcome o : outcomes) {
      emit(o, out, err);
      status = Math.max(status, o.status());
      if (o.part() != null) {
        totals.merge(o.part());
      }
    }
    if (stats) {
      long chunks = parsers.stream().mapToLong(CParser::chunkCount).sum();
      long ll = parsers.stream().mapToLong(CParser::llFallbackCount).sum();
      totals.print(out, System.nanoTime() - t0, chunks, ll, jobs);
      if (parsers.size() == 1) {
        for (String line : parsers.get(0).profileReport(10)) {
          out.printf("profile: %s%n", line);
        }
      }
    }
    out.flush();
    return status;
  }

  private static void emit(Outcome o, PrintWriter out, PrintWriter err) {
    if (o.err() != null) {
      err.println(o.err());
    }
    if (o.out() != null) {
      out.print(o.out());
    }
  }

  private Outcome process(Path file, CParser parser) {
    String text;
    try {
      text = SourceFiles.read(file);
    } catch (SourceFiles.InputException e) {
      return new Outcome(ExitCodes.INPUT_ERROR, null, "mmreview: " + file + ": " + e.getMessage(), null);
    }
    Optional<String> refused = CParser.checkInput(text);
    if (refused.isPresent()) {
      return new Outcome(ExitCodes.INPUT_ERROR, null, "mmreview: " + file + ": " + refused.get(), null);
    }
    long f0 = System.nanoTime();
    ParseResult r = fragmentLine != null
        ? parser.parseFragment(file.toString(), text, fragmentLine)
        : parser.parseFile(file.toString(), text);
    long nanos = System.nanoTime() - f0;
    // every ErrorNode and ErrorStatement comes with a problem
    boolean errors = r.hasProblems();
    int status = errors ? ExitCodes.FINDINGS : ExitCodes.OK;
    if (stats) {
      Stats part = new Stats();
      part.add(r.unit(), text);
      part.time(file, nanos);
      return new Outcome(status, null, null, part);
    }
    if (json) {
      return new Outcome(status, AstJson.toJson(r.unit()) + System.lineSeparator(), null, null);
    }
    java.io.StringWriter sw = new java.io.StringWriter();
    PrintWriter pw = new PrintWriter(sw);
    summary(pw, file, r);
    pw.flush();
    return new Outcome(status, sw.toString(), null, null);
  }

  private static void summary(PrintWriter out, Path file, ParseResult r) {
    CompilationUnit u = r.unit();
    List<FunctionDefinition> fns = u.functions();
    List<ErrorNode> errs = u.findAll(ErrorNode.class);
    long statementErrors = u.findAll(org.mmreview.ast.stmt.ErrorStatement.class).size();
    long others = u.items().stream()
        .filter(n -> !(n instanceof FunctionDefinition) && !(n instanceof ErrorNode)
            && !(n instanceof org.mmreview.ast.pp.PreprocessorLine))
        .count();
    out.printf("%s: %d functions, %d other top-level items, %d preprocessor lines, %d error nodes%n",
        file, fns.size(), others, u.preprocessorLines().size(), errs.size() + statementErrors);
    for (FunctionDefinition f : fns) {
      out.printf("  function %s (lines %d-%d)%n", f.name(), f.range().beginLine(), f.range().endLine());
    }
    for (ErrorNode e : errs) {
      out.printf("  error %s (lines %d-%d): %s%n", e.functionName().orElse("<top level>"),
          e.range().beginLine(), e.range().endLine(), e.reason());
    }
    for (org.mmreview.ast.stmt.ErrorStatement e : u.findAll(org.mmreview.ast.stmt.ErrorStatement.class)) {
      out.printf("  error statement (lines %d-%d): %s%n", e.range().beginLine(), e.range().endLine(), e.reason());
    }
    r.problems().stream()
        .filter(p -> errs.isEmpty() && statementErrors == 0)
        .forEach(p -> out.printf("  problem (line %d): %s%n", p.range().beginLine(), p.message()));
  }

  /** Totals of a batch run, as the bench prints them. */
  private static final class Stats {
    int files;
    long lines;
    int functions;
    final List<String> errorFunctions = new ArrayList<>();
    int errorNodes;
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
      for (org.mmreview.ast.Node item : u.items()) {
        if (item instanceof ErrorNode e) {
          errorNodes++;
          if (e.functionName().isPresent() && e.text().contains("{")) {
            functions++;
            errorFunctions.add(u.fileName() + ":" + e.range().beginLine() + ": " + e.functionName().get()
                + " (" + e.reason() + ")");
          }
        }
      }
    }

    void merge(Stats o) {
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
      out.printf("functions without error nodes: %.3f%%%n", functions == 0 ? 100.0 : 100.0 * good / functions);
      out.printf("parse time (in JVM): %.2f s on %d thread%s%n", secs, threads, threads == 1 ? "" : "s");
      out.printf("lines per second: %.0f%n", secs == 0 ? 0 : lines / secs);
      if (slowest != null) {
        out.printf("slowest file: %s (%.0f ms)%n", slowest, slowestNanos / 1e6);
      }
      out.printf("chunks: %d, SLL->LL fallbacks: %d (%.3f%%)%n", chunkCount, llCount,
          chunkCount == 0 ? 0.0 : 100.0 * llCount / chunkCount);
    }
  }
}
