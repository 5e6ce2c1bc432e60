package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.Declarator;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.decl.Parameter;
import org.mmreview.ast.decl.RecordDecl;
import org.mmreview.ast.expr.AssignExpression;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.expr.Expression;
import org.mmreview.ast.expr.Identifier;
import org.mmreview.ast.expr.MemberAccess;
import org.mmreview.ast.expr.ParenExpression;
import org.mmreview.ast.expr.UnaryExpression;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.LabeledStatement;
import org.mmreview.ast.type.TypeName;

/**
 * Reaching definitions and uses of a function's parameters and locals, and of the access paths
 * rooted at them ({@code state->vma}, {@code vma->vm_file->f_inode}), over its {@link Cfg}.
 *
 * <p>A definition of {@code p} hides earlier definitions of {@code p} and of the paths extending
 * it; possible definitions ({@code &x} or a pointer passed to a call) hide nothing.
 */
public final class DefUse {
  private final Cfg cfg;
  private final Map<String, TypeName> variables;
  private final Set<String> paths = new LinkedHashSet<>();
  private final List<Definition> definitions = new ArrayList<>();
  private final Map<CfgNode, List<Integer>> defsAt = new IdentityHashMap<>();
  private final List<Use> uses = new ArrayList<>();
  private BitSet[] in;

  private DefUse(Cfg cfg, Map<String, TypeName> variables) {
    this.cfg = cfg;
    this.variables = variables;
    collectPaths();
    collectDefinitions();
    collectUses();
    solve();
  }

  /** Def-use information for {@code cfg}'s function. */
  public static DefUse of(Cfg cfg) {
    return new DefUse(cfg, variablesOf(cfg.function()));
  }

  /** {@link #of}, given {@link #variablesOf} of {@code cfg}'s function computed already. */
  static DefUse of(Cfg cfg, Map<String, TypeName> variables) {
    return new DefUse(cfg, variables);
  }

  public Cfg cfg() {
    return cfg;
  }

  /** {@code f}'s parameters and locals with their declared types, as {@link #variables} holds. */
  static Map<String, TypeName> variablesOf(FunctionDefinition f) {
    Map<String, TypeName> vars = new LinkedHashMap<>();
    for (Parameter p : f.parameters()) {
      p.name().ifPresent(n -> vars.put(n, p.type()));
    }
    for (Declarator d : f.body().findAll(Declarator.class)) {
      if (d.findAncestor(RecordDecl.class).isEmpty()) {
        vars.putIfAbsent(d.name(), d.type());
      }
    }
    return vars;
  }

  /** The parameters and locals, with their declared types. */
  public Map<String, TypeName> variables() {
    return Collections.unmodifiableMap(variables);
  }

  /** True when {@code name} is a parameter or local of the function. */
  public boolean isVariable(String name) {
    return variables.containsKey(name);
  }

  private Optional<String> trackedPath(Expression e) {
    return AccessPaths.of(e).filter(p -> variables.containsKey(AccessPaths.root(p)));
  }

  private void collectPaths() {
    variables.keySet().forEach(paths::add);
    for (MemberAccess m : cfg.function().body().findAll(MemberAccess.class)) {
      trackedPath(m).ifPresent(paths::add);
    }
  }

  // ---- definitions

  private void collectDefinitions() {
    FunctionDefinition f = cfg.function();
    List<Integer> entry = new ArrayList<>();
    for (Parameter p : f.parameters()) {
      p.name()
          .ifPresent(n -> entry.add(add(new Definition(n, Definition.Kind.PARAMETER, p, null))));
    }
    defsAt.put(cfg.entry(), entry);
    for (CfgNode point : cfg.nodes()) {
      List<Integer> ids = new ArrayList<>();
      for (Node root : point.evaluated()) {
        for (Node n : root.stream().toList()) {
          definitionsAt(n, ids);
        }
      }
      if (!ids.isEmpty()) {
        defsAt.put(point, ids);
      }
    }
  }

  private void definitionsAt(Node n, List<Integer> ids) {
    if (n instanceof Declarator d
        && variables.containsKey(d.name())
        && d.findAncestor(RecordDecl.class).isEmpty()) {
      ids.add(
          add(
              new Definition(
                  d.name(), Definition.Kind.DECLARATION, d, d.initializer().orElse(null))));
    } else if (n instanceof AssignExpression a) {
      trackedPath(a.target())
          .ifPresent(
              p -> ids.add(add(new Definition(p, Definition.Kind.ASSIGNMENT, a, a.value()))));
    } else if (n instanceof UnaryExpression u
        && (u.operator().equals("++") || u.operator().equals("--"))) {
      trackedPath(u.operand())
          .ifPresent(p -> ids.add(add(new Definition(p, Definition.Kind.INCREMENT, u, null))));
    } else if (n instanceof CallExpression c) {
      for (Expression arg : c.arguments()) {
        callArgumentDefinitions(arg, ids);
      }
    }
  }

  private void callArgumentDefinitions(Expression arg, List<Integer> ids) {
    Expression x = AccessPaths.strip(arg);
    if (x instanceof UnaryExpression u && u.operator().equals("&") && !u.isPostfix()) {
      Optional<String> p = trackedPath(u.operand());
      if (p.isPresent()) {
        for (String q : paths) {
          if (AccessPaths.extendsPath(q, p.get())) {
            ids.add(add(new Definition(q, Definition.Kind.ADDRESS_TAKEN, u, null)));
          }
        }
      }
      return;
    }
    Optional<String> p = trackedPath(x);
    if (p.isPresent()) {
      for (String q : paths) {
        if (!q.equals(p.get()) && AccessPaths.extendsPath(q, p.get())) {
          ids.add(add(new Definition(q, Definition.Kind.CALL_ARGUMENT, x, null)));
        }
      }
    }
  }

  private int add(Definition d) {
    definitions.add(d);
    return definitions.size() - 1;
  }

  /** Every definition, in source order per CFG point. */
  public List<Definition> definitions() {
    return Collections.unmodifiableList(definitions);
  }

  /** The definitions of {@code path} (a variable or access path). */
  public List<Definition> definitionsOf(String path) {
    return definitions.stream().filter(d -> d.target().equals(path)).toList();
  }

  // ---- uses

  private void collectUses() {
    for (Node n : cfg.function().body().stream().toList()) {
      if (n instanceof Identifier id && variables.containsKey(id.name()) && !isWritten(id)) {
        uses.add(new Use(id.name(), id));
      } else if (n instanceof MemberAccess m && !isWritten(m)) {
        trackedPath(m).ifPresent(p -> uses.add(new Use(p, m)));
      }
    }
  }

  /** True when {@code e} is the target of a plain assignment (written, not read). */
  private static boolean isWritten(Expression e) {
    Expression cur = ParenExpression.enclosing(e);
    return cur.parent().orElse(null) instanceof AssignExpression a
        && a.target() == cur
        && a.isSimple();
  }

  /** Every read of a variable or access path, in source order. */
  public List<Use> uses() {
    return Collections.unmodifiableList(uses);
  }

  /** The reads of {@code path}. */
  public List<Use> uses(String path) {
    return uses.stream().filter(u -> u.path().equals(path)).toList();
  }

  /** The reads of {@code path} that can execute after {@code n}. */
  public List<Use> usesAfter(Node n, String path) {
    return uses.stream()
        .filter(u -> u.path().equals(path) && cfg.pathExists(n, u.expression()))
        .toList();
  }

  /** The reads through member accesses ({@code vma->vm_flags}) that can execute after {@code n}. */
  public List<Use> accessPathReadsAfter(Node n) {
    return uses.stream()
        .filter(u -> u.isAccessPath() && cfg.pathExists(n, u.expression()))
        .toList();
  }

  /** The access paths read on paths after {@code n}, in source order of their first read. */
  public Set<String> accessPathsReadAfter(Node n) {
    Set<String> out = new LinkedHashSet<>();
    accessPathReadsAfter(n).forEach(u -> out.add(u.path()));
    return out;
  }

  // ---- reaching definitions

  private void solve() {
    int n = cfg.nodes().size();
    in = new BitSet[n];
    BitSet[] out = new BitSet[n];
    for (int i = 0; i < n; i++) {
      in[i] = new BitSet();
      out[i] = transfer(cfg.nodes().get(i), new BitSet(), null);
    }
    boolean changed = true;
    while (changed) {
      changed = false;
      for (CfgNode p : cfg.nodes()) {
        BitSet newIn = new BitSet();
        p.predecessors().forEach(q -> newIn.or(out[q.index()]));
        if (!newIn.equals(in[p.index()])) {
          in[p.index()] = newIn;
          out[p.index()] = transfer(p, newIn, null);
          changed = true;
        }
      }
    }
  }

  /**
   * Applies the point's definitions (those ending before {@code before}, when given) to {@code
   * set}.
   */
  private BitSet transfer(CfgNode p, BitSet set, Node before) {
    BitSet s = (BitSet) set.clone();
    for (int id : defsAt.getOrDefault(p, List.of())) {
      Definition d = definitions.get(id);
      if (before != null && !d.node().range().isBefore(before.range())) {
        continue;
      }
      if (!d.isPossible()) {
        for (int j = s.nextSetBit(0); j >= 0; j = s.nextSetBit(j + 1)) {
          if (AccessPaths.extendsPath(definitions.get(j).target(), d.target())) {
            s.clear(j);
          }
        }
      }
      s.set(id);
    }
    return s;
  }

  /** The definitions of {@code path} that may reach {@code at} (the point just before it). */
  public List<Definition> reachingDefinitions(String path, Node at) {
    Optional<CfgNode> p = cfg.pointOf(at);
    if (p.isEmpty()) {
      return List.of();
    }
    BitSet s = transfer(p.get(), in[p.get().index()], at);
    List<Definition> out = new ArrayList<>();
    for (int j = s.nextSetBit(0); j >= 0; j = s.nextSetBit(j + 1)) {
      if (definitions.get(j).target().equals(path)) {
        out.add(definitions.get(j));
      }
    }
    return out;
  }

  /** The reads of {@code d}'s target that {@code d} may reach. */
  public List<Use> usesReachedBy(Definition d) {
    return uses.stream()
        .filter(
            u ->
                u.path().equals(d.target())
                    && reachingDefinitions(d.target(), u.expression()).contains(d))
        .toList();
  }

  /**
   * The definitions carried to the next pass by a backward {@code goto}: made inside the retry loop
   * (between the label and the goto) and still reaching the goto, so the code after the label may
   * see a value from the previous pass (e.g. a pinned {@code src_folio}). Fields possibly written
   * by calls receiving a pointer are left out.
   */
  public List<Definition> carriedAcross(GotoStatement backwardGoto) {
    Optional<LabeledStatement> label = cfg.target(backwardGoto);
    Optional<CfgNode> at = cfg.pointOf(backwardGoto);
    if (label.isEmpty() || at.isEmpty()) {
      return List.of();
    }
    Set<CfgNode> loop = cfg.between(label.get(), backwardGoto);
    BitSet s = transfer(at.get(), in[at.get().index()], null);
    List<Definition> out = new ArrayList<>();
    for (int j = s.nextSetBit(0); j >= 0; j = s.nextSetBit(j + 1)) {
      Definition d = definitions.get(j);
      if (d.kind() != Definition.Kind.PARAMETER
          && d.kind() != Definition.Kind.CALL_ARGUMENT
          && cfg.pointOf(d.node()).filter(loop::contains).isPresent()) {
        out.add(d);
      }
    }
    return out;
  }
}
