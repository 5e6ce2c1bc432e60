package org.mmreview.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.mmreview.ast.AstJson;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.ErrorNode;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.stmt.ErrorStatement;
import org.mmreview.cparse.CParser;
import org.mmreview.cparse.ParseResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
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
  @ParentCommand Main parent;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "C source files")
  List<Path> files = new ArrayList<>();

  @Option(names = "--json", description = "Dump the AST as JSON instead of the summary.")
  boolean json;

  @Option(
      names = "--fragment",
      paramLabel = "FIRST_LINE",
      description = "Parse each file as the lines of a diff hunk starting at FIRST_LINE.")
  Integer fragmentLine;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    CParser parser = new CParser();
    Path cwd = Main.host(parent).cwd();
    int status = ExitCodes.OK;
    for (Path file : files) {
      // print as we go, so that a long summary run shows progress
      status = Math.max(status, process(cwd, file, parser, out, err));
    }
    out.flush();
    return status;
  }

  private int process(Path cwd, Path file, CParser parser, PrintWriter out, PrintWriter err) {
    String text;
    try {
      text = SourceFiles.read(cwd.resolve(file));
    } catch (SourceFiles.InputException e) {
      err.println("mmreview: " + file + ": " + e.getMessage());
      return ExitCodes.INPUT_ERROR;
    }
    Optional<String> refused = CParser.checkInput(text);
    if (refused.isPresent()) {
      err.println("mmreview: " + file + ": " + refused.get());
      return ExitCodes.INPUT_ERROR;
    }
    ParseResult r =
        fragmentLine != null
            ? parser.parseFragment(file.toString(), text, fragmentLine)
            : parser.parseFile(file.toString(), text);
    if (json) {
      out.print(AstJson.toJson(r.unit()) + System.lineSeparator());
    } else {
      summary(out, file, r);
    }
    // every ErrorNode and ErrorStatement comes with a problem
    return r.hasProblems() ? ExitCodes.FINDINGS : ExitCodes.OK;
  }

  private static void summary(PrintWriter out, Path file, ParseResult r) {
    CompilationUnit u = r.unit();
    List<FunctionDefinition> fns = u.functions();
    List<ErrorNode> errs = u.findAll(ErrorNode.class);
    long statementErrors = u.findAll(ErrorStatement.class).size();
    long others =
        u.items().stream()
            .filter(
                n ->
                    !(n instanceof FunctionDefinition)
                        && !(n instanceof ErrorNode)
                        && !(n instanceof PreprocessorLine))
            .count();
    out.printf(
        "%s: %d functions, %d other top-level items, %d preprocessor lines, %d error nodes%n",
        file, fns.size(), others, u.preprocessorLines().size(), errs.size() + statementErrors);
    for (FunctionDefinition f : fns) {
      out.printf(
          "  function %s (lines %d-%d)%n", f.name(), f.range().beginLine(), f.range().endLine());
    }
    for (ErrorNode e : errs) {
      out.printf(
          "  error %s (lines %d-%d): %s%n",
          e.functionName().orElse("<top level>"),
          e.range().beginLine(),
          e.range().endLine(),
          e.reason());
    }
    for (ErrorStatement e : u.findAll(ErrorStatement.class)) {
      out.printf(
          "  error statement (lines %d-%d): %s%n",
          e.range().beginLine(), e.range().endLine(), e.reason());
    }
    r.problems().stream()
        .filter(p -> errs.isEmpty() && statementErrors == 0)
        .forEach(p -> out.printf("  problem (line %d): %s%n", p.range().beginLine(), p.message()));
  }
}
