package org.mmreview.rules.checks.helperdoc;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import org.mmreview.analysis.AccessPaths;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.expr.ArrayAccess;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.DoWhileStatement;
import org.mmreview.ast.stmt.ForStatement;
import org.mmreview.ast.stmt.MacroLoopStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.WhileStatement;
import org.mmreview.kernel.LockApi;
import org.mmreview.kernel.LockApis;
import org.mmreview.kernel.LockGroup;

/**
 * The locking and reference-count contract of a function, read from its body: a lock it takes and
 * does not release (it returns with it held), a lock it releases and never took (it is entered with
 * it held and returns without it), a lock it asserts held, a reference it takes and does not drop
 * (handed to the caller) or drops and never took. These are what reviewers ask new helpers and
 * callbacks to document; the body shows them only to a reader who follows every path.
 *
 * <p>Locks are paired by the group of {@link LockApis} (a page-table lock is a spinlock: {@code
 * pmd_lock()} pairs with {@code spin_unlock()}); references by the families of {@link #REFS}. A
 * release or put counts only when its object comes from the caller (a parameter, or a path through
 * one, never reassigned): a lock or reference the function obtained itself through a lookup ({@code
 * find_get_page()}, {@code find_lock_page()}) is its own business. A name that already says it (a
 * {@code _get} helper that takes a reference, a {@code _put} one that drops it) is its own
 * documentation.
 */
public final class Contracts {
  /** Calls that assert a lock is held on entry. */
  private static final Set<String> HELD_ASSERTS =
      Set.of(
          "lockdep_assert_held",
          "lockdep_assert_held_write",
          "lockdep_assert_held_read",
          "lockdep_assert_held_once",
          "assert_spin_locked",
          "mmap_assert_locked",
          "mmap_assert_write_locked",
          "vma_assert_locked",
          "vma_assert_write_locked",
          "i_mmap_assert_locked",
          "i_mmap_assert_write_locked",
          "lockdep_assert_irqs_disabled",
          "VM_BUG_ON_FOLIO_NOT_LOCKED");

  /** Annotations (sparse) that say a lock is held on entry. */
  private static final Pattern HELD_ANNOTATION = Pattern.compile("__must_hold\\b");

  /** Reference-count families: the calls that take and the calls that drop one. */
  private static final Map<String, String> REFS = refs();

  private static final Pattern NAME_GETS =
      Pattern.compile(
          "(^|_)(get|tryget|grab|pin|ref|hold|dup|clone|alloc|new|create|open|lookup|find)(_|$)");
  private static final Pattern NAME_PUTS =
      Pattern.compile(
          "(^|_)(put|release|free|drop|unpin|unref|destroy|cleanup|clean|done|exit|teardown|close|finish|undo|unmap|fini|end|del|remove)(_|$)");
  private static final Pattern NAME_LOCKS =
      Pattern.compile("(^|_)(lock|locked|trylock|acquire)(_|$)");
  private static final Pattern NAME_UNLOCKS =
      Pattern.compile("(^|_)(unlock|unlocked|release|done|finish|end)(_|$)");

  private final LockApis locks;

  public Contracts(LockApis locks) {
    this.locks = locks;
  }

  private static Map<String, String> refs() {
    Map<String, String> m = new LinkedHashMap<>();
    String[][] table = {
      {"file", "+get_file", "+get_file_rcu", "-fput"},
      {"page", "+get_page", "+try_get_page", "+page_ref_inc", "-put_page", "-page_ref_dec"},
      {
        "folio",
        "+folio_get",
        "+folio_try_get",
        "+folio_ref_inc",
        "+folio_ref_add",
        "-folio_put",
        "-folio_put_refs",
        "-folio_ref_dec",
        "-folio_ref_sub"
      },
      {"task", "+get_task_struct", "-put_task_struct"},
      {"mm_users", "+mmget", "+mmget_not_zero", "-mmput", "-mmput_async"},
      {"mm_count", "+mmgrab", "-mmdrop"},
      {"kref", "+kref_get", "+kref_get_unless_zero", "-kref_put"},
      {
        "refcount",
        "+refcount_inc",
        "+refcount_inc_not_zero",
        "-refcount_dec",
        "-refcount_dec_and_test"
      },
      {"css", "+css_get", "+css_tryget", "+css_tryget_online", "-css_put"},
      {"memcg", "+get_mem_cgroup_from_mm", "+get_mem_cgroup_from_folio", "-mem_cgroup_put"},
      {"device", "+get_device", "-put_device"},
      {"inode", "+igrab", "+ihold", "-iput"},
      {"dentry", "+dget", "-dput"},
      {"pgmap", "+get_dev_pagemap", "-put_dev_pagemap"},
      {"anon_vma", "+get_anon_vma", "-put_anon_vma"},
      {
        "percpu_ref",
        "+percpu_ref_get",
        "+percpu_ref_tryget",
        "+percpu_ref_tryget_live",
        "-percpu_ref_put"
      },
      {"uffd_ctx", "+userfaultfd_ctx_get", "-userfaultfd_ctx_put"},
    };
    for (String[] row : table) {
      for (int i = 1; i < row.length; i++) {
        m.put(row[i].substring(1), row[i].charAt(0) + row[0]);
      }
    }
    return Map.copyOf(m);
  }

  /** The first contract of {@code f} its callers must be told, if any. */
  public Optional<Contract> of(FunctionDefinition f) {
    String name = f.name().toLowerCase(Locale.ROOT);
    Map<String, int[]> lockCounts = new LinkedHashMap<>();
    Map<String, String> lockFirst = new LinkedHashMap<>();
    Map<String, int[]> refCounts = new LinkedHashMap<>();
    Map<String, String> refFirst = new LinkedHashMap<>();
    String asserted = null;
    for (CallExpression call : f.body().findAll(CallExpression.class)) {
      String callee = call.calleeName().orElse("");
      if (HELD_ASSERTS.contains(callee) && asserted == null) {
        asserted = callee + "()";
      }
      Optional<LockApi> api = locks.lookup(callee);
      if (api.isPresent()) {
        String group =
            api.get().group() == LockGroup.PTL ? "spinlock" : api.get().group().kernelName();
        boolean acquires = api.get().kind().acquires();
        if (acquires && storedIntoArray(f, call, api.get())) {
          continue; // each element handed out locked: the array's protocol says who unlocks
        }
        int[] c = lockCounts.computeIfAbsent(group, k -> new int[3]);
        c[acquires ? 0 : 1]++;
        if (!acquires
            && call.argument(Math.max(0, api.get().object()))
                .filter(a -> fromCaller(f, a))
                .isPresent()) {
          c[2]++;
        }
        lockFirst.putIfAbsent(group + (acquires ? "+" : "-"), callee);
      }
      String ref = REFS.get(callee);
      if (ref != null) {
        int[] c = refCounts.computeIfAbsent(ref.substring(1), k -> new int[3]);
        c[ref.charAt(0) == '+' ? 0 : 1]++;
        if (ref.charAt(0) == '-' && call.argument(0).filter(a -> fromCaller(f, a)).isPresent()) {
          c[2]++;
        }
        refFirst.putIfAbsent(ref, callee);
      }
    }
    for (Map.Entry<String, int[]> e : lockCounts.entrySet()) {
      int[] c = e.getValue();
      if (c[0] > 0 && c[1] == 0 && !NAME_LOCKS.matcher(name).find()) {
        return Optional.of(
            new Contract(Contract.LOCK_RETURNED_HELD, lockFirst.get(e.getKey() + "+")));
      }
      if (c[2] > 0 && c[0] == 0 && !NAME_UNLOCKS.matcher(name).find()) {
        return Optional.of(new Contract(Contract.LOCK_DROPPED, lockFirst.get(e.getKey() + "-")));
      }
    }
    if (asserted == null) {
      asserted =
          f.attributes().stream()
              .filter(a -> HELD_ANNOTATION.matcher(a).find())
              .findFirst()
              .orElse(null);
    }
    if (asserted != null) {
      return Optional.of(new Contract(Contract.LOCK_EXPECTED, asserted));
    }
    for (Map.Entry<String, int[]> e : refCounts.entrySet()) {
      int[] c = e.getValue();
      if (c[0] > 0 && c[1] == 0 && !NAME_GETS.matcher(name).find()) {
        return Optional.of(new Contract(Contract.REF_RETURNED, refFirst.get("+" + e.getKey())));
      }
      if (c[2] > 0 && c[0] == 0 && !NAME_PUTS.matcher(name).find()) {
        return Optional.of(new Contract(Contract.REF_DROPPED, refFirst.get("-" + e.getKey())));
      }
    }
    return Optional.empty();
  }

  /**
   * The lock is taken in a loop on a local object that the loop then stores into an array element
   * ({@code *dst = migrate_pfn(page_to_pfn(dpage))}, {@code pages[i] = page}) and that the function
   * never returns: it fills an array with locked objects for a framework (a migrate_vma {@code dst}
   * array, whose documented protocol has migrate_vma_finalize() unlock them), it does not return
   * holding a lock of its own. A lock on an object the function returns stays a contract.
   */
  private static boolean storedIntoArray(FunctionDefinition f, CallExpression call, LockApi api) {
    Optional<Expression> arg = api.object() < 0 ? Optional.empty() : call.argument(api.object());
    if (arg.isEmpty()) {
      return false;
    }
    Expression x = AccessPaths.strip(arg.get());
    while (x instanceof UnaryExpression u && u.operator().equals("&") && !u.isPostfix()) {
      x = AccessPaths.strip(u.operand());
    }
    if (!(x instanceof Identifier id)
        || f.parameters().stream().anyMatch(p -> p.name().filter(id.name()::equals).isPresent())) {
      return false;
    }
    String object = id.name();
    Optional<Node> loop = enclosingLoop(call, f);
    if (loop.isEmpty()) {
      return false;
    }
    boolean returned =
        !f.body()
            .findAll(
                ReturnStatement.class, r -> r.value().filter(v -> mentions(v, object)).isPresent())
            .isEmpty();
    boolean stored =
        !loop.get()
            .findAll(
                AssignExpression.class,
                a -> isElement(AccessPaths.strip(a.target())) && mentions(a.value(), object))
            .isEmpty();
    return stored && !returned;
  }

  private static Optional<Node> enclosingLoop(Node n, FunctionDefinition f) {
    for (Optional<Node> p = n.parent(); p.isPresent() && p.get() != f; p = p.get().parent()) {
      Node at = p.get();
      if (at instanceof ForStatement
          || at instanceof WhileStatement
          || at instanceof DoWhileStatement
          || at instanceof MacroLoopStatement) {
        return Optional.of(at);
      }
    }
    return Optional.empty();
  }

  /** An array element as a store's target: {@code *p} or {@code a[i]}. */
  private static boolean isElement(Expression target) {
    return target instanceof ArrayAccess
        || (target instanceof UnaryExpression u && u.operator().equals("*") && !u.isPostfix());
  }

  private static boolean mentions(Expression e, String name) {
    return (e instanceof Identifier i && i.name().equals(name))
        || !e.findAll(Identifier.class, i -> i.name().equals(name)).isEmpty();
  }

  /** {@code e} (or what it points to) is reached from a parameter the body never reassigns. */
  static boolean fromCaller(FunctionDefinition f, Expression e) {
    Expression x = AccessPaths.strip(e);
    while (x instanceof UnaryExpression u && u.operator().equals("&") && !u.isPostfix()) {
      x = AccessPaths.strip(u.operand());
    }
    Optional<String> path = AccessPaths.of(x);
    if (path.isEmpty()) {
      return false;
    }
    String root = AccessPaths.root(path.get());
    boolean parameter =
        f.parameters().stream()
            .map(Parameter::name)
            .anyMatch(n -> n.filter(root::equals).isPresent());
    return parameter
        && f.body()
            .findAll(
                AssignExpression.class,
                a ->
                    AccessPaths.strip(a.target()) instanceof Identifier id
                        && id.name().equals(root))
            .isEmpty();
  }
}
