package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.mmreview.ast.Node;

/** One point of a {@link Cfg}: a statement, a condition, a label, a loop head, or entry/exit. */
public final class CfgNode {

  /** What a CFG point stands for. */
  public enum Kind {
    /** Function entry (no AST node). */
    ENTRY,
    /** Function exit: every return and the end of the body flow here (no AST node). */
    EXIT,
    /** A simple statement: expression, declaration, return, goto, break, continue, ... */
    STATEMENT,
    /** The condition of an if/while/do/for, or a switch selector. */
    CONDITION,
    /** The head of a macro loop ({@code list_for_each_entry(...)}): its arguments. */
    LOOP_HEAD,
    /** A join point without code (the head of a do-while or a condition-less for). */
    JOIN,
    /** A goto label, a case or a default label. */
    LABEL
  }

  private final int index;
  private final Kind kind;
  private final Node ast;
  private final List<Node> evaluated;
  final List<CfgNode> successors = new ArrayList<>();
  final List<CfgNode> predecessors = new ArrayList<>();

  CfgNode(int index, Kind kind, Node ast, List<? extends Node> evaluated) {
    this.index = index;
    this.kind = kind;
    this.ast = ast;
    this.evaluated = List.copyOf(evaluated);
  }

  /** Position in {@link Cfg#nodes()}: entry 0, exit 1, then creation (roughly source) order. */
  public int index() {
    return index;
  }

  public Kind kind() {
    return kind;
  }

  /** The AST node this point stands for (the statement, condition, label or loop). */
  public Optional<Node> ast() {
    return Optional.ofNullable(ast);
  }

  /**
   * The AST nodes evaluated at this point: the statement itself, the condition, a loop macro's
   * arguments, a case value; empty for labels without value, joins, entry and exit.
   */
  public List<Node> evaluated() {
    return evaluated;
  }

  public List<CfgNode> successors() {
    return Collections.unmodifiableList(successors);
  }

  public List<CfgNode> predecessors() {
    return Collections.unmodifiableList(predecessors);
  }

  @Override
  public String toString() {
    return kind + "#" + index + (ast == null ? "" : "@" + ast.range().beginLine());
  }
}
