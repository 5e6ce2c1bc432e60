package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.decl.Declaration;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.Initializer;
import org.mmreview.ast.expr.InitializerList;
import org.mmreview.ast.expr.Literal;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A {@code struct file_operations} the patch fills with an {@code .open} or {@code .release} that
 * does nothing (an empty body, or only {@code return 0;}): the VFS treats a NULL {@code ->open} and
 * {@code ->release} exactly so ({@code do_dentry_open()} and {@code __fput()} call them only when
 * set), so the function is dead code to read and keep. Reported at the function, the initialiser
 * related, when the patch adds either; the function must be defined in the file (or elsewhere in
 * the patch) and installed nowhere else but in file_operations tables.
 */
public final class EmptyFileOperation extends FileRule {
  /** The members the VFS skips when NULL, with what it does instead. */
  private static final Map<String, String> OPTIONAL =
      Map.of(
          ".open", "`do_dentry_open()` opens the file without it",
          ".release", "`__fput()` skips a NULL `->release`");

  private record Installed(Initializer at, String member, String table) {}

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    List<CompilationUnit> units = new ArrayList<>(file.units());
    units.addAll(file.patch().units().get());
    List<Installed> installed = new ArrayList<>();
    for (CompilationUnit u : file.units()) {
      for (Declaration d : u.findAll(Declaration.class)) {
        if (!d.baseType().text().replaceAll("\\s+", " ").contains("struct file_operations")) {
          continue;
        }
        String table = d.declarators().isEmpty() ? "" : d.declarators().get(0).name();
        for (InitializerList list : d.findAll(InitializerList.class)) {
          for (Initializer i : list.initializers()) {
            if (i.designators().size() == 1 && OPTIONAL.containsKey(i.designators().get(0))) {
              installed.add(new Installed(i, i.designators().get(0), table));
            }
          }
        }
      }
    }
    for (Installed in : installed) {
      if (!(AccessPaths.strip(in.at().value()) instanceof Identifier id)) {
        continue;
      }
      Optional<FunctionDefinition> fn = definition(units, id.name());
      if (fn.isEmpty() || !doesNothing(fn.get()) || usedElsewhere(units, id.name())) {
        continue;
      }
      boolean added =
          file.isAdded(in.at().range().beginLine())
              || (fn.get().compilationUnit().map(u -> u.fileName()).orElse("").equals(file.path())
                  && file.isAdded(fn.get().range().beginLine()));
      if (!added) {
        continue;
      }
      ctx.at(fn.get())
          .arg("function", id.name())
          .arg("member", in.member())
          .arg("table", in.table())
          .arg("vfs", OPTIONAL.get(in.member()))
          .related(in.at(), "installed here")
          .report();
    }
  }

  private static Optional<FunctionDefinition> definition(List<CompilationUnit> units, String name) {
    for (CompilationUnit u : units) {
      Optional<FunctionDefinition> f = u.function(name);
      if (f.isPresent()) {
        return f;
      }
    }
    return Optional.empty();
  }

  /** An empty body, or a body of only {@code return 0;}. */
  private static boolean doesNothing(FunctionDefinition f) {
    List<Statement> body = f.body().statements();
    if (body.isEmpty()) {
      return true;
    }
    if (body.size() != 1 || !(body.get(0) instanceof ReturnStatement r)) {
      return false;
    }
    Optional<Expression> value = r.value();
    return value.isPresent()
        && AccessPaths.strip(value.get()) instanceof Literal l
        && l.value().equals("0");
  }

  /**
   * True when the name appears outside file_operations initialisers (a call, another ops table, a
   * pointer kept): then it is more than a no-op {@code ->open}.
   */
  private static boolean usedElsewhere(List<CompilationUnit> units, String name) {
    for (CompilationUnit u : units) {
      for (Identifier id : u.findAll(Identifier.class)) {
        if (!id.name().equals(name)) {
          continue;
        }
        Optional<Declaration> d = id.findAncestor(Declaration.class);
        boolean inFops =
            d.isPresent()
                && d.get()
                    .baseType()
                    .text()
                    .replaceAll("\\s+", " ")
                    .contains("struct file_operations")
                && id.findAncestor(Initializer.class).isPresent();
        if (!inFops) {
          return true;
        }
      }
    }
    return false;
  }
}
