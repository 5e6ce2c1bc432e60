package org.mmreview.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Words;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.pp.PreprocessorLine;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.type.TypeName;
import org.mmreview.kernel.PageTables;

/**
 * Crashing assertions ({@code BUG_ON()}, {@code VM_BUG_ON*()}, a {@code BUG()} taken under an
 * {@code if}, and same-file macros that wrap one) and the kernel API tables around them, read from
 * {@code kernel-asserts.yaml}: PMD predicates, page-table entry reads, lock-state tests, user-copy
 * calls and the types that mark an ioctl backend.
 */
public final class KernelAsserts {
  private static final KernelAsserts DEFAULT = load();
  private static final Pattern DEFINE =
      Pattern.compile("#\\s*define\\s+(\\w+)\\(([^)]*)\\)\\s*(.*)", Pattern.DOTALL);

  private final Map<String, Integer> crash;
  private final Set<String> pmdPredicates;
  private final Set<String> lockStateTests;
  private final Map<String, Integer> userCopies;
  private final List<String> uapiRecordPrefixes;
  private final Set<String> ioctlContextRecords;
  private final Set<String> uapiScalars;

  private KernelAsserts(JsonNode root) {
    crash = indexTable(root.get("crash"), "condition");
    pmdPredicates = names(root.get("pmd_predicates"));
    lockStateTests = names(root.get("lock_state_tests"));
    userCopies = indexTable(root.get("user_copies"), "destination");
    uapiRecordPrefixes = List.copyOf(names(root.get("uapi_record_prefixes")));
    ioctlContextRecords = names(root.get("ioctl_context_records"));
    uapiScalars = names(root.get("uapi_scalars"));
  }

  public static KernelAsserts defaults() {
    return DEFAULT;
  }

  /**
   * One crashing assertion.
   *
   * @param call the assert call (or the call of the same-file macro wrapping one)
   * @param macro the crashing macro ({@code BUG_ON}, {@code VM_BUG_ON}, ...)
   * @param condition the expressions whose truth crashes: the assert's condition; for {@code BUG()}
   *     the condition of the {@code if} taking it; for a wrapper macro the call's arguments the
   *     macro passes into its assert
   * @param wrapper the {@code #define} of the wrapper macro, when the call is one
   */
  public record CrashAssert(
      CallExpression call,
      String macro,
      List<Expression> condition,
      Optional<PreprocessorLine> wrapper) {
    /** The condition as written, for messages. */
    public String conditionText() {
      return String.join(", ", condition.stream().map(Node::compactText).toList());
    }
  }

  /** The crashing assertion made by {@code call}, if it is one. */
  public Optional<CrashAssert> crashAssert(CallExpression call) {
    String name = call.calleeName().orElse("");
    Integer index = crash.get(name);
    if (index != null) {
      if (index >= 0) {
        return call.argument(index)
            .map(c -> new CrashAssert(call, name, List.of(c), Optional.empty()));
      }
      // BUG() alone is unreachable-by-construction code (a switch default, after an exhaustive
      // test); only a BUG() that an if takes has a condition that could be handled instead.
      return takingCondition(call)
          .map(c -> new CrashAssert(call, name, List.of(c), Optional.empty()));
    }
    return call.compilationUnit().flatMap(cu -> wrapperAssert(call, name, cu));
  }

  private static Optional<Expression> takingCondition(CallExpression call) {
    Node stmt = call.parent().orElse(null);
    if (!(stmt instanceof ExpressionStatement)) {
      return Optional.empty();
    }
    Node up = stmt.parent().orElse(null);
    if (up instanceof Block b && b.statements().size() == 1) {
      up = b.parent().orElse(null);
      stmt = b;
    }
    return up instanceof IfStatement i && i.thenStatement() == stmt
        ? Optional.of(i.condition())
        : Optional.empty();
  }

  /** A call of a same-file {@code #define NAME(x) VM_BUG_ON(...x...)}. */
  private Optional<CrashAssert> wrapperAssert(
      CallExpression call, String name, CompilationUnit cu) {
    // The first line naming the macro (a #define, #undef, #ifdef...) decides, as a source-order
    // scan would; the unit indexes them once instead of every call re-walking the file.
    Optional<PreprocessorLine> named = cu.firstPreprocessorLineNaming(name);
    if (named.isEmpty()) {
      return Optional.empty();
    }
    PreprocessorLine pp = named.get();
    Matcher m = DEFINE.matcher(pp.text());
    if (!m.matches()) {
      return Optional.empty();
    }
    List<String> params = macroParams(m.group(2));
    Optional<String> inner = assertCalledIn(m.group(3));
    if (inner.isEmpty()) {
      return Optional.empty();
    }
    List<Expression> cond = new ArrayList<>();
    for (int i = 0; i < params.size() && i < call.arguments().size(); i++) {
      if (Words.contains(m.group(3), params.get(i))) {
        cond.add(call.arguments().get(i));
      }
    }
    return Optional.of(new CrashAssert(call, inner.get(), cond, Optional.of(pp)));
  }

  private Optional<String> assertCalledIn(String body) {
    Matcher m = Pattern.compile("\\b(\\w+)\\s*\\(").matcher(body);
    while (m.find()) {
      Integer index = crash.get(m.group(1));
      if (index != null && index >= 0) {
        return Optional.of(m.group(1));
      }
    }
    return Optional.empty();
  }

  /** The parameter names of a function-like macro, in order. */
  public static List<String> macroParams(String list) {
    List<String> out = new ArrayList<>();
    for (String p : list.split(",")) {
      out.add(p.strip());
    }
    return out;
  }

  /**
   * For a wrapper macro: the body's {@code pred(param)} applications, as (predicate, argument of
   * the call passed for param). Lets PMD checks see through {@code #define ASSERT(p)
   * VM_BUG_ON(pmd_none(p))}.
   */
  public List<Map.Entry<String, Expression>> wrappedPredicateArguments(
      CrashAssert a, Set<String> predicates) {
    List<Map.Entry<String, Expression>> out = new ArrayList<>();
    if (a.wrapper().isEmpty()) {
      return out;
    }
    Matcher m = DEFINE.matcher(a.wrapper().get().text());
    if (!m.matches()) {
      return out;
    }
    List<String> params = macroParams(m.group(2));
    Matcher app = Pattern.compile("\\b(\\w+)\\s*\\(\\s*(\\w+)\\s*\\)").matcher(m.group(3));
    while (app.find()) {
      int i = params.indexOf(app.group(2));
      if (predicates.contains(app.group(1)) && i >= 0 && i < a.call().arguments().size()) {
        out.add(Map.entry(app.group(1), a.call().arguments().get(i)));
      }
    }
    return out;
  }

  public boolean isCrashMacro(String name) {
    return crash.containsKey(name);
  }

  public Set<String> pmdPredicates() {
    return pmdPredicates;
  }

  /**
   * True for a call that reads a live page-table entry through the pointer it is given: an entry
   * read ({@code ptep_get()}, {@code pmdp_get_lockless()}) or {@code READ_ONCE()}, as in {@code
   * READ_ONCE(*pmd)}.
   */
  public static boolean readsLiveEntry(String callee) {
    return PageTables.isEntryRead(callee) || callee.equals("READ_ONCE");
  }

  public boolean isLockStateTest(String name) {
    return lockStateTests.contains(name);
  }

  /** User-copy calls and the index of their destination argument (-1: the returned value). */
  public Map<String, Integer> userCopies() {
    return userCopies;
  }

  /** True for the uapi argument structs ({@code struct uffdio_copy}). */
  public boolean isUapiRecord(TypeName t) {
    return t.isRecord() && uapiRecordPrefixes.stream().anyMatch(p -> t.baseName().startsWith(p));
  }

  /** True for an ioctl context ({@code struct userfaultfd_ctx *}). */
  public boolean isIoctlContext(TypeName t) {
    return t.isRecord() && ioctlContextRecords.contains(t.baseName());
  }

  /** True for the uapi fixed-width scalars ({@code __u64}). */
  public boolean isUapiScalar(TypeName t) {
    return !t.isPointer() && uapiScalars.contains(t.baseName());
  }

  private static Map<String, Integer> indexTable(JsonNode list, String field) {
    Map<String, Integer> m = new LinkedHashMap<>();
    for (JsonNode n : list) {
      m.put(n.get("name").asText(), n.path(field).asInt(0));
    }
    return Map.copyOf(m);
  }

  private static Set<String> names(JsonNode list) {
    Set<String> s = new LinkedHashSet<>();
    for (JsonNode n : list) {
      s.add(n.asText());
    }
    return Set.copyOf(s);
  }

  private static KernelAsserts load() {
    try (InputStream in = KernelAsserts.class.getResourceAsStream("kernel-asserts.yaml")) {
      if (in == null) {
        throw new IllegalStateException("kernel-asserts.yaml missing from the class path");
      }
      return new KernelAsserts(new ObjectMapper(new YAMLFactory()).readTree(in));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
