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

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CParser parser = new CParser();
    Stats totals = new Stats();
    int status = ExitCodes.OK;
    long t0 = System.nanoTime();
    for (Path file : files) {
      String text;
      try {
        text = read(file);
      } catch (InputException e) {
        err.println("mmreview: " + file + ": " + e.getMessage());
        status = ExitCodes.INPUT_ERROR;
        continue;
      }
      Optional<String> refused = CParser.checkInput(text);
      if (refused.isPresent()) {
        err.println("mmreview: " + file + ": " + refused.get());
        status = ExitCodes.INPUT_ERROR;
        continue;
      }
      long f0 = System.nanoTime();
      ParseResult r = fragmentLine != null
          ? parser.parseFragment(file.toString(), text, fragmentLine)
          : parser.parseFile(file.toString(), text);
      totals.time(file, System.nanoTime() - f0);
      boolean errors = !r.unit().findAll(ErrorNode.class).isEmpty() || r.hasProblems();
      if (errors && status == ExitCodes.OK) {
        status = ExitCodes.FINDINGS;
      }
      if (stats) {
        totals.add(r.unit(), text);
      } else if (json) {
        out.println(AstJson.toJson(r.unit()));
      } else {
        summary(out, file, r);
      }
    }
    if (stats) {
      totals.print(out, System.nanoTime() - t0, parser);
    }
    out.flush();
    return status;
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

  /** Reads a file as UTF-8 (Latin-1 when it is not valid UTF-8), with one-line failure reasons. */
  static String read(Path file) throws InputException {
    byte[] bytes;
    try {
      if (Files.isDirectory(file)) {
        throw new InputException("is a directory");
      }
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InputException("no such file");
    } catch (AccessDeniedException e) {
      throw new InputException("permission denied");
    } catch (IOException | OutOfMemoryError e) {
      throw new InputException("cannot read: " + e.getMessage());
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  /** A file that cannot be read, with the reason to print. */
  static final class InputException extends Exception {
    InputException(String reason) {
      super(reason);
    }
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

    void print(PrintWriter out, long nanos, CParser parser) {
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
      out.printf("parse time (in JVM): %.2f s%n", secs);
      out.printf("lines per second: %.0f%n", secs == 0 ? 0 : lines / secs);
      if (slowest != null) {
        out.printf("slowest file: %s (%.0f ms)%n", slowest, slowestNanos / 1e6);
      }
      out.printf("chunks: %d, SLL->LL fallbacks: %d (%.3f%%)%n", parser.chunkCount(), parser.llFallbackCount(),
          parser.chunkCount() == 0 ? 0.0 : 100.0 * parser.llFallbackCount() / parser.chunkCount());
      for (String line : parser.profileReport(10)) {
        out.printf("profile: %s%n", line);
      }
    }
  }
}
