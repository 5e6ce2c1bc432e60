package org.mmreview.rules.checks.mapcount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.analysis.Matchers;
import org.mmreview.ast.Node;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.BinaryExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.type.TypeName;

/**
 * Anonymous-page exclusivity: which calls count mappings or references (a heuristic that after fork
 * + GUP does not prove exclusivity), which take part in the PageAnonExclusive (PAE) protocol, and
 * which make an entry writable or re-home a folio. The API names are data: {@code
 * exclusivity-apis.yaml} next to this class.
 */
public final class AnonExclusivity {
  private static final Table TABLE = Table.load();

  private AnonExclusivity() {}

  /**
   * Something done to a page that is only safe when it is exclusive: the node, a short name, and
   * for a re-homing the access path of the folio or page re-homed (empty for a writable entry,
   * whose page is not named at the call).
   */
  public record Action(Node node, String description, Optional<String> subject) {

    public Action(Node node, String description) {
      this(node, description, Optional.empty());
    }

    /**
     * True when the action may concern the folio or page at {@code path} (unknown subjects may).
     */
    public boolean mayConcern(Optional<String> path) {
      return subject.isEmpty() || path.isEmpty() || sameObject(subject.get(), path.get());
    }
  }

  /** The folio or page a counting call counts: its first argument's access path. */
  public static Optional<String> countedObject(CallExpression count) {
    return count.argument(0).flatMap(AnonExclusivity::objectPath);
  }

  /** {@code folio} for {@code folio}, {@code &folio->page}, {@code (struct page *)folio}. */
  private static Optional<String> objectPath(Expression e) {
    Expression x = AccessPaths.strip(e);
    if (x instanceof UnaryExpression u && u.operator().equals("&")) {
      x = AccessPaths.strip(u.operand());
    }
    return AccessPaths.of(x)
        .map(p -> p.endsWith("->page") ? p.substring(0, p.length() - "->page".length()) : p);
  }

  /**
   * Paths naming the same object, or one reached through the other ({@code vmf->page}, {@code
   * vmf}).
   */
  private static boolean sameObject(String a, String b) {
    return AccessPaths.extendsPath(a, b) || AccessPaths.extendsPath(b, a);
  }

  /**
   * True for a call that counts mappings ({@code folio_mapcount()}) or references ({@code
   * page_count()}).
   */
  public static boolean isCountCall(Node n) {
    return n instanceof CallExpression c
        && c.calleeName()
            .filter(s -> TABLE.mapcount.contains(s) || TABLE.refcount.contains(s))
            .isPresent();
  }

  /**
   * The first counting call inside {@code scope} that is not inside an assertion, in source order.
   */
  public static Optional<CallExpression> countCallIn(Node scope) {
    return scope
        .findAll(CallExpression.class, c -> isCountCall(c) && !Matchers.insideAssertion(c))
        .stream()
        .findFirst();
  }

  /**
   * The test to quote for a counting call: the comparison holding it ({@code folio_mapcount(f) !=
   * 1}), or the call with its negation for predicates ({@code !folio_maybe_mapped_shared(f)}).
   */
  public static Expression testAround(CallExpression count) {
    Expression cur = count;
    for (Node p = count.parent().orElse(null);
        p instanceof Expression e;
        p = e.parent().orElse(null)) {
      if (e.unparen() != e) {
        cur = e;
        continue;
      }
      if (e instanceof BinaryExpression b && b.operator().matches("==|!=|<|>|<=|>=")) {
        return b;
      }
      if (e instanceof UnaryExpression u && u.operator().equals("!")) {
        cur = u;
        continue;
      }
      if (e instanceof CallExpression c
          && c.calleeName().filter(n -> n.equals("likely") || n.equals("unlikely")).isPresent()) {
        continue;
      }
      break;
    }
    return cur;
  }

  /** True when {@code scope} tests or establishes PageAnonExclusive. */
  public static boolean touchesAnonExclusive(Node scope) {
    return !anonExclusiveNodes(scope).isEmpty();
  }

  /**
   * The calls inside {@code scope} (itself included) that test or establish PageAnonExclusive:
   * {@code PageAnonExclusive()}, {@code SetPageAnonExclusive()}, an rmap call passed {@code
   * RMAP_EXCLUSIVE}.
   */
  public static List<CallExpression> anonExclusiveNodes(Node scope) {
    // A call qualifies by its name, or by a PAE flag name inside one of its arguments. The flag
    // names are found with one query over the scope (usually none) instead of a search per
    // argument of every call: MapcountExclusivity asks this for every helper body reached from
    // every call, and those searches dominated it.
    Set<Node> aroundFlag = Collections.newSetFromMap(new IdentityHashMap<>());
    for (Identifier id : scope.findAll(Identifier.class, i -> TABLE.paeFlags.contains(i.name()))) {
      for (Node n = id; n != null && aroundFlag.add(n) && n != scope; n = n.parent().orElse(null)) {
        // marks the flag's ancestors up to the scope: an argument holding it is among them
      }
    }
    return scope.findAll(
        CallExpression.class,
        c ->
            c.calleeName()
                    .filter(s -> TABLE.paeTest.contains(s) || TABLE.paeSet.contains(s))
                    .isPresent()
                || (!aroundFlag.isEmpty()
                    && c.arguments().stream().anyMatch(aroundFlag::contains)));
  }

  /**
   * True for the write fault's copy-or-reuse step ({@code wp_page_copy()}), direct or in a helper.
   */
  public static boolean isCowDecision(Action a) {
    return TABLE.cow.stream().anyMatch(n -> a.description().startsWith(n + "()"));
  }

  /** True for a test of the bit ({@code PageAnonExclusive()}), as opposed to setting it. */
  public static boolean isAnonExclusiveTest(Node n) {
    return n instanceof CallExpression c
        && c.calleeName().filter(TABLE.paeTest::contains).isPresent();
  }

  /**
   * The writable mappings, re-homings and COW decisions inside {@code scope}: calls such as {@code
   * maybe_mkwrite()}, {@code folio_move_anon_rmap()} or {@code wp_page_copy()}, and writes of a
   * folio's or page's {@code mapping}/{@code index} (plain or through {@code WRITE_ONCE()}); {@code
   * variables} gives the declared types used to recognise a folio or page.
   */
  public static List<Action> actionsIn(Node scope, Map<String, TypeName> variables) {
    List<Action> out = new ArrayList<>();
    for (Node n : scope.stream().toList()) {
      if (n instanceof CallExpression c && c.calleeName().isPresent()) {
        String name = c.calleeName().get();
        if (TABLE.writable.contains(name) || TABLE.cow.contains(name)) {
          out.add(new Action(c, name + "()"));
        } else if (TABLE.rehome.contains(name)) {
          out.add(new Action(c, name + "()", c.argument(0).flatMap(AnonExclusivity::objectPath)));
        } else if (name.equals("WRITE_ONCE")
            && c.argument(0).filter(t -> isRehomeField(t, variables)).isPresent()) {
          out.add(
              new Action(
                  c,
                  "WRITE_ONCE(" + c.arguments().get(0).text() + ", ...)",
                  fieldOwner(c.arguments().get(0))));
        }
      } else if (n instanceof AssignExpression a && isRehomeField(a.target(), variables)) {
        out.add(new Action(a, a.target().text() + " = ...", fieldOwner(a.target())));
      }
    }
    return out;
  }

  private static Optional<String> fieldOwner(Expression target) {
    return AccessPaths.strip(target) instanceof MemberAccess m
        ? AccessPaths.of(m.object())
        : Optional.empty();
  }

  private static boolean isRehomeField(Expression target, Map<String, TypeName> variables) {
    if (!(AccessPaths.strip(target) instanceof MemberAccess m)
        || !TABLE.rehomeFields.contains(m.member())) {
      return false;
    }
    Optional<String> object = AccessPaths.of(m.object());
    if (object.isEmpty() || !object.get().equals(AccessPaths.root(object.get()))) {
      return false;
    }
    TypeName type = variables.get(object.get());
    String base = type != null ? type.baseName() : object.get();
    return base.equals("folio") || base.equals("page");
  }

  /** The parsed table. */
  private record Table(
      Set<String> mapcount,
      Set<String> refcount,
      Set<String> paeTest,
      Set<String> paeSet,
      Set<String> paeFlags,
      Set<String> writable,
      Set<String> rehome,
      Set<String> rehomeFields,
      Set<String> cow) {

    static Table load() {
      try (InputStream in = AnonExclusivity.class.getResourceAsStream("exclusivity-apis.yaml")) {
        if (in == null) {
          throw new IllegalStateException("exclusivity-apis.yaml missing from the class path");
        }
        JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
        return new Table(
            names(root, "mapcount"),
            names(root, "refcount"),
            names(root, "anon_exclusive_test"),
            names(root, "anon_exclusive_set"),
            names(root, "anon_exclusive_flags"),
            names(root, "writable"),
            names(root, "rehome"),
            names(root, "rehome_fields"),
            names(root, "cow"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    private static Set<String> names(JsonNode root, String key) {
      Set<String> out = new HashSet<>();
      root.path(key).forEach(n -> out.add(n.asText()));
      return Set.copyOf(out);
    }
  }
}
