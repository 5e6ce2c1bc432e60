package org.mmreview.rules.checks;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.ast.AstPrinter;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.RecordDecl;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.review.ReviewedFile;
import org.mmreview.rules.FileRule;
import org.mmreview.rules.RuleContext;

/**
 * A new {@code bool} struct member that only ever caches a flag test of a word the same object
 * already stores: {@code ctx->handle_kernel_faults = !(flags & UFFD_USER_MODE_ONLY);} beside {@code
 * ctx->flags = flags;}. The two fields must then be kept in step by every writer (a duplicate of
 * the object, a later flag change), and a reader has to learn that the bool means nothing more than
 * the bit; testing {@code ctx->flags & UFFD_USER_MODE_ONLY} where the bool is read says it at once.
 *
 * <p>Every assignment to the member in the file must be such a cache (a plain {@code =} of {@code
 * [!](X & FLAG)}, where {@code X} is a field of the same object, or a variable the same function or
 * hunk stores into one); one assignment of anything else (a call's result, a parameter, {@code
 * true}), an increment, an address taken or a designated initialiser makes it real state.
 */
public final class CachedFlagField extends FileRule {
  private static final Pattern FLAG = Pattern.compile("[A-Z][A-Z0-9_]+");
  private static final Pattern STRUCT_HEADING =
      Pattern.compile("\\s*(?:struct|union)\\s+\\w+\\s*\\{\\s*");

  @Override
  protected void check(ReviewedFile file, RuleContext ctx) {
    Map<String, Declarator> members = new HashMap<>();
    Map<String, Integer> declared = new HashMap<>();
    for (CompilationUnit u : file.units()) {
      for (Declarator d : u.findAll(Declarator.class, d -> isMember(file, d))) {
        declared.merge(d.name(), 1, Integer::sum);
        if (d.type().baseName().equals("bool")
            && !d.type().isPointer()
            && !d.type().isArray()
            && file.isAdded(d.range().beginLine())) {
          members.put(d.name(), d);
        }
      }
    }
    for (Map.Entry<String, Declarator> e : members.entrySet()) {
      String member = e.getKey();
      // A name two structs of the file share cannot be told apart by its accesses.
      if (declared.get(member) != 1 || initialisedByName(file, member)) {
        continue;
      }
      List<Cache> caches = caches(file, member);
      if (!caches.isEmpty()) {
        Cache first = caches.get(0);
        ctx.at(e.getValue())
            .arg("member", member)
            .arg("value", AstPrinter.print(first.assign().value()))
            .arg("field", first.field())
            .related(first.assign(), "the only value it is given")
            .report();
      }
    }
  }

  /**
   * A struct member: inside a struct, or, in a hunk-only review, declared outside any function in
   * a hunk whose section heading opens a struct (the hunk shows the members, not the {@code struct
   * x {} line).
   */
  static boolean isMember(ReviewedFile file, Declarator d) {
    if (d.findAncestor(RecordDecl.class).isPresent()) {
      return true;
    }
    return file.partial()
        && d.findAncestor(FunctionDefinition.class).isEmpty()
        && file.hunkAt(d.range().beginLine())
            .map(h -> STRUCT_HEADING.matcher(h.sectionHeading()).matches())
            .orElse(false);
  }

  /** An assignment caching a flag test, and the field holding the word it tests. */
  private record Cache(AssignExpression assign, String field) {}

  /** Every write of {@code member} when all are caches; empty when one is anything else. */
  private static List<Cache> caches(ReviewedFile file, String member) {
    List<Cache> out = new ArrayList<>();
    for (CompilationUnit u : file.units()) {
      for (MemberAccess m : u.findAll(MemberAccess.class, m -> m.member().equals(member))) {
        Node p = m.parent().orElse(null);
        if (p instanceof AssignExpression a && a.target() == m) {
          Optional<String> field = a.operator().equals("=") ? cachedField(a, m) : Optional.empty();
          if (field.isEmpty()) {
            return List.of();
          }
          out.add(new Cache(a, field.get()));
        } else if (p instanceof UnaryExpression un
            && (un.operator().equals("&")
                || un.operator().equals("++")
                || un.operator().equals("--"))) {
          return List.of();
        }
      }
    }
    return out;
  }

  /**
   * The field of the assigned object that holds the word {@code a} tests: {@code obj->flags} for
   * {@code obj->m = !(obj->flags & FOO)}, or for {@code obj->m = flags & FOO} when the same scope
   * also stores {@code obj->flags = flags}.
   */
  private static Optional<String> cachedField(AssignExpression a, MemberAccess target) {
    Optional<String> object = AccessPaths.of(target.object());
    Optional<Expression> word = testedWord(a.value());
    if (object.isEmpty() || word.isEmpty()) {
      return Optional.empty();
    }
    Optional<String> wordPath = AccessPaths.of(word.get());
    if (wordPath.isEmpty()) {
      return Optional.empty();
    }
    String obj = object.get();
    String w = wordPath.get();
    if (w.startsWith(obj + "->") || w.startsWith(obj + ".")) {
      return AccessPaths.lastMember(w).equals(target.member()) ? Optional.empty() : wordPath;
    }
    if (!(word.get().unparen() instanceof Identifier)) {
      return Optional.empty();
    }
    Node scope =
        a.findAncestor(FunctionDefinition.class)
            .map(Node.class::cast)
            .orElseGet(() -> a.findAncestor(CompilationUnit.class).orElse(null));
    if (scope == null) {
      return Optional.empty();
    }
    for (AssignExpression store :
        scope.findAll(AssignExpression.class, s -> s.operator().equals("=") && s != a)) {
      Optional<String> stored = AccessPaths.of(store.target());
      if (stored.isPresent()
          && (stored.get().startsWith(obj + "->") || stored.get().startsWith(obj + "."))
          && AccessPaths.of(store.value()).filter(w::equals).isPresent()) {
        return stored;
      }
    }
    return Optional.empty();
  }

  /** {@code X} of {@code X & FLAG}, {@code !(X & FLAG)} or {@code !!(X & FLAG)}. */
  private static Optional<Expression> testedWord(Expression value) {
    Expression x = value.unparen();
    while (x instanceof UnaryExpression u && u.operator().equals("!") && !u.isPostfix()) {
      x = u.operand().unparen();
    }
    if (x instanceof BinaryExpression b && b.operator().equals("&")) {
      if (isFlag(b.right())) {
        return Optional.of(b.left());
      }
      if (isFlag(b.left())) {
        return Optional.of(b.right());
      }
    }
    return Optional.empty();
  }

  private static boolean isFlag(Expression e) {
    Expression x = e.unparen();
    if (x instanceof BinaryExpression b && b.operator().equals("|")) {
      return isFlag(b.left()) && isFlag(b.right());
    }
    return x instanceof Identifier id && FLAG.matcher(id.name()).matches();
  }

  /** True when a designated initialiser ({@code .member = ...}) sets it: a value not seen here. */
  private static boolean initialisedByName(ReviewedFile file, String member) {
    Pattern p = Pattern.compile("\\.\\s*" + Pattern.quote(member) + "\\s*=[^=]");
    return file.units().stream().anyMatch(u -> p.matcher(u.source()).find());
  }
}
