package org.mmreview.analysis;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mmreview.ast.Node;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.ast.stmt.Block;
import org.mmreview.ast.stmt.BreakStatement;
import org.mmreview.ast.stmt.CaseStatement;
import org.mmreview.ast.stmt.ContinueStatement;
import org.mmreview.ast.stmt.DefaultStatement;
import org.mmreview.ast.stmt.DoWhileStatement;
import org.mmreview.ast.stmt.ExpressionStatement;
import org.mmreview.ast.stmt.ForStatement;
import org.mmreview.ast.stmt.GotoStatement;
import org.mmreview.ast.stmt.IfStatement;
import org.mmreview.ast.stmt.LabeledStatement;
import org.mmreview.ast.stmt.MacroLoopStatement;
import org.mmreview.ast.stmt.ReturnStatement;
import org.mmreview.ast.stmt.Statement;
import org.mmreview.ast.stmt.SwitchStatement;
import org.mmreview.ast.stmt.WhileStatement;

/** Builds a {@link Cfg} from a function body by structural recursion. */
final class CfgBuilder {
  private static final Set<String> NO_RETURN =
      Set.of("BUG", "panic", "do_exit", "unreachable", "__builtin_unreachable", "make_task_dead");
  private final List<CfgNode> nodes = new ArrayList<>();
  private final Map<Node, CfgNode> byAst = new IdentityHashMap<>();
  private final Map<String, CfgNode> labels = new HashMap<>();
  private final List<GotoStatement> gotos = new ArrayList<>();
  private final Deque<List<CfgNode>> breakTargets = new ArrayDeque<>();
  private final Deque<CfgNode> continueTargets = new ArrayDeque<>();
  private final Deque<CfgNode> switchHeads = new ArrayDeque<>();
  private final Deque<boolean[]> switchHasDefault = new ArrayDeque<>();
  private final CfgNode entry;
  private final CfgNode exit;

  private CfgBuilder() {
    entry = node(CfgNode.Kind.ENTRY, null, List.of());
    exit = node(CfgNode.Kind.EXIT, null, List.of());
  }

  static Cfg build(FunctionDefinition function) {
    CfgBuilder b = new CfgBuilder();
    List<CfgNode> out = b.statement(function.body(), List.of(b.entry));
    b.link(out, b.exit);
    for (GotoStatement g : b.gotos) {
      CfgNode target = b.labels.get(g.label());
      b.link(List.of(b.byAst.get(g)), target != null ? target : b.exit);
    }
    return new Cfg(function, b.nodes, b.byAst, b.labels);
  }

  private CfgNode node(CfgNode.Kind kind, Node ast, List<? extends Node> evaluated) {
    CfgNode n = new CfgNode(nodes.size(), kind, ast, evaluated);
    nodes.add(n);
    if (ast != null) {
      byAst.putIfAbsent(ast, n);
    }
    for (Node e : evaluated) {
      byAst.putIfAbsent(e, n);
    }
    return n;
  }

  private void link(List<CfgNode> from, CfgNode to) {
    for (CfgNode f : from) {
      if (!f.successors.contains(to)) {
        f.successors.add(to);
        to.predecessors.add(f);
      }
    }
  }

  private static List<CfgNode> concat(List<CfgNode> a, List<CfgNode> b) {
    List<CfgNode> r = new ArrayList<>(a);
    r.addAll(b);
    return r;
  }

  /** Adds {@code s} after {@code in}; returns the points that fall through out of {@code s}. */
  private List<CfgNode> statement(Statement s, List<CfgNode> in) {
    if (s instanceof Block b) {
      List<CfgNode> cur = in;
      for (Statement item : b.statements()) {
        cur = statement(item, cur);
      }
      return cur;
    }
    if (s instanceof IfStatement i) {
      CfgNode c = node(CfgNode.Kind.CONDITION, i.condition(), List.of(i.condition()));
      byAst.put(i, c);
      link(in, c);
      List<CfgNode> thenOut = statement(i.thenStatement(), List.of(c));
      List<CfgNode> elseOut =
          i.elseStatement().map(e -> statement(e, List.of(c))).orElse(List.of(c));
      return concat(thenOut, elseOut);
    }
    if (s instanceof WhileStatement w) {
      CfgNode c = node(CfgNode.Kind.CONDITION, w.condition(), List.of(w.condition()));
      byAst.put(w, c);
      link(in, c);
      return loop(c, c, w.body(), List.of(c));
    }
    if (s instanceof DoWhileStatement d) {
      CfgNode head = node(CfgNode.Kind.JOIN, d, List.of());
      link(in, head);
      CfgNode c = node(CfgNode.Kind.CONDITION, d.condition(), List.of(d.condition()));
      List<CfgNode> breaks = new ArrayList<>();
      breakTargets.push(breaks);
      continueTargets.push(c);
      link(statement(d.body(), List.of(head)), c);
      continueTargets.pop();
      breakTargets.pop();
      link(List.of(c), head);
      return concat(List.of(c), breaks);
    }
    if (s instanceof ForStatement f) {
      return forLoop(f, in);
    }
    if (s instanceof MacroLoopStatement m) {
      CfgNode head = node(CfgNode.Kind.LOOP_HEAD, m, m.arguments());
      link(in, head);
      return loop(head, head, m.body(), List.of(head));
    }
    if (s instanceof SwitchStatement sw) {
      return switchStatement(sw, in);
    }
    if (s instanceof CaseStatement c) {
      CfgNode label =
          node(
              CfgNode.Kind.LABEL,
              c,
              c.rangeEnd().isPresent()
                  ? List.of(c.value(), c.rangeEnd().get())
                  : List.of(c.value()));
      link(in, label);
      if (!switchHeads.isEmpty()) {
        link(List.of(switchHeads.peek()), label);
      }
      return statement(c.body(), List.of(label));
    }
    if (s instanceof DefaultStatement d) {
      CfgNode label = node(CfgNode.Kind.LABEL, d, List.of());
      link(in, label);
      if (!switchHeads.isEmpty()) {
        link(List.of(switchHeads.peek()), label);
        switchHasDefault.peek()[0] = true;
      }
      return statement(d.body(), List.of(label));
    }
    if (s instanceof LabeledStatement l) {
      CfgNode label = node(CfgNode.Kind.LABEL, l, List.of());
      labels.putIfAbsent(l.label(), label);
      link(in, label);
      return statement(l.body(), List.of(label));
    }
    CfgNode n = node(CfgNode.Kind.STATEMENT, s, List.of(s));
    link(in, n);
    if (s instanceof ReturnStatement || isNoReturnCall(s)) {
      link(List.of(n), exit);
      return List.of();
    }
    if (s instanceof GotoStatement g) {
      gotos.add(g);
      return List.of();
    }
    if (s instanceof BreakStatement) {
      if (!breakTargets.isEmpty()) {
        breakTargets.peek().add(n);
      }
      return List.of();
    }
    if (s instanceof ContinueStatement) {
      if (!continueTargets.isEmpty()) {
        link(List.of(n), continueTargets.peek());
      }
      return List.of();
    }
    return List.of(n);
  }

  /** True for {@code BUG();}, {@code panic(...);} and the like: control does not go on. */
  private static boolean isNoReturnCall(Statement s) {
    return s instanceof ExpressionStatement e
        && e.expression().unparen() instanceof CallExpression c
        && c.calleeName().filter(NO_RETURN::contains).isPresent();
  }

  /** A loop whose body starts from {@code bodyIn}, jumps back to {@code back}. */
  private List<CfgNode> loop(CfgNode head, CfgNode back, Statement body, List<CfgNode> bodyIn) {
    List<CfgNode> breaks = new ArrayList<>();
    breakTargets.push(breaks);
    continueTargets.push(back);
    link(statement(body, bodyIn), back);
    continueTargets.pop();
    breakTargets.pop();
    return concat(List.of(head), breaks);
  }

  private List<CfgNode> forLoop(ForStatement f, List<CfgNode> in) {
    List<CfgNode> cur = in;
    if (f.init().isPresent()) {
      CfgNode init = node(CfgNode.Kind.STATEMENT, f.init().get(), List.of(f.init().get()));
      link(cur, init);
      cur = List.of(init);
    }
    CfgNode head =
        f.condition()
            .map(c -> node(CfgNode.Kind.CONDITION, c, List.of(c)))
            .orElseGet(() -> node(CfgNode.Kind.JOIN, f, List.of()));
    byAst.putIfAbsent(f, cur == in ? head : cur.get(0));
    link(cur, head);
    CfgNode back = f.update().map(u -> node(CfgNode.Kind.STATEMENT, u, List.of(u))).orElse(head);
    if (back != head) {
      link(List.of(back), head);
    }
    List<CfgNode> breaks = new ArrayList<>();
    breakTargets.push(breaks);
    continueTargets.push(back);
    link(statement(f.body(), List.of(head)), back);
    continueTargets.pop();
    breakTargets.pop();
    return f.condition().isPresent() ? concat(List.of(head), breaks) : breaks;
  }

  private List<CfgNode> switchStatement(SwitchStatement sw, List<CfgNode> in) {
    CfgNode head = node(CfgNode.Kind.CONDITION, sw.selector(), List.of(sw.selector()));
    byAst.put(sw, head);
    link(in, head);
    List<CfgNode> breaks = new ArrayList<>();
    boolean[] hasDefault = {false};
    breakTargets.push(breaks);
    switchHeads.push(head);
    switchHasDefault.push(hasDefault);
    List<CfgNode> out = statement(sw.body(), List.of());
    switchHasDefault.pop();
    switchHeads.pop();
    breakTargets.pop();
    List<CfgNode> result = concat(out, breaks);
    return hasDefault[0] ? result : concat(result, List.of(head));
  }
}
