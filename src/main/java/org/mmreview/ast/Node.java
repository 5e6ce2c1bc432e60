package org.mmreview.ast;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Base of every AST node: a source range, a parent link and the children in source order.
 *
 * <p>Parent links are set only here, by {@link #adopt}, which subclasses call from their
 * constructors. The node's source text is reached through the root {@link CompilationUnit}, so
 * builders only supply ranges.
 */
public abstract class Node {
  private static final Pattern WHITE_SPACE = Pattern.compile("\\s+");

  private final Range range;
  private Node parent;
  private final List<Node> children = new ArrayList<>();
  private final List<Node> childrenView = Collections.unmodifiableList(children);
  /*
   * Position in the pre-order numbering of the enclosing compilation unit's tree (see
   * TreeIndex): the subtree is [pre, end). Set when a query first needs the index; -1 until then
   * and for nodes not under a CompilationUnit, which walk their subtree instead.
   */
  int pre = -1;
  int end;
  TreeIndex index;

  protected Node(Range range) {
    this.range = Objects.requireNonNull(range, "range");
  }

  /**
   * Makes {@code child} a child of this node, keeping the children in source order. Accepts null
   * (an absent optional child) and returns it unchanged.
   */
  protected final <T extends Node> T adopt(T child) {
    if (child != null) {
      attach(child);
    }
    return child;
  }

  private void attach(Node child) {
    if (child.parent != null) {
      throw new IllegalArgumentException(child.kind() + " already has a parent");
    }
    if (child == this) {
      throw new IllegalArgumentException("a node cannot adopt itself");
    }
    child.parent = this;
    int at = children.size();
    while (at > 0 && Range.BEGIN_ORDER.compare(children.get(at - 1).range, child.range) > 0) {
      at--;
    }
    children.add(at, child);
  }

  /** Adopts every element and returns an unmodifiable copy of the list, in source order. */
  protected final <T extends Node> List<T> adoptAll(List<? extends T> list) {
    List<T> copy =
        list.stream()
            .sorted(Comparator.comparing(Node::range, Range.BEGIN_ORDER))
            .map(t -> (T) t)
            .toList();
    copy.forEach(this::adopt);
    return copy;
  }

  public final Range range() {
    return range;
  }

  public final Optional<Node> parent() {
    return Optional.ofNullable(parent);
  }

  /** The children, unmodifiable, in source order. */
  public final List<Node> children() {
    return childrenView;
  }

  /** The topmost ancestor (this node when it has no parent). */
  public final Node root() {
    Node n = this;
    while (n.parent != null) {
      n = n.parent;
    }
    return n;
  }

  /** The compilation unit this node belongs to, if it is attached to one. */
  public final Optional<CompilationUnit> compilationUnit() {
    return root() instanceof CompilationUnit cu ? Optional.of(cu) : Optional.empty();
  }

  /** True when this node is {@code other} or one of its ancestors. */
  public final boolean isAncestorOrSelf(Node other) {
    for (Node n = other; n != null; n = n.parent) {
      if (n == this) {
        return true;
      }
    }
    return false;
  }

  /** Every node of the subtree, pre-order (self first), children in source order. */
  public final Stream<Node> stream() {
    TreeIndex ix = treeIndex();
    if (ix != null) {
      return ix.subtree(this).stream();
    }
    List<Node> out = new ArrayList<>();
    Deque<Node> stack = new ArrayDeque<>();
    stack.push(this);
    while (!stack.isEmpty()) {
      Node n = stack.pop();
      out.add(n);
      for (int i = n.children.size() - 1; i >= 0; i--) {
        stack.push(n.children.get(i));
      }
    }
    return out.stream();
  }

  /** Every node of type {@code type} in the subtree (self included), in source order. */
  public final <T extends Node> List<T> findAll(Class<T> type) {
    TreeIndex ix = treeIndex();
    if (ix != null) {
      return ix.findAll(this, type);
    }
    return stream().filter(type::isInstance).map(type::cast).toList();
  }

  /** Every node of type {@code type} matching {@code filter}, in source order. */
  public final <T extends Node> List<T> findAll(Class<T> type, Predicate<? super T> filter) {
    return findAll(type).stream().filter(filter).toList();
  }

  /** The first node of type {@code type} in source order (self included). */
  public final <T extends Node> Optional<T> findFirst(Class<T> type) {
    return findAll(type).stream().findFirst();
  }

  /** The first node of type {@code type} matching {@code filter} in source order. */
  public final <T extends Node> Optional<T> findFirst(Class<T> type, Predicate<? super T> filter) {
    return findAll(type).stream().filter(filter).findFirst();
  }

  /**
   * The pre-order index of the compilation unit this node hangs under, built on first use (the tree
   * is frozen by then); null for a node outside any unit.
   */
  private TreeIndex treeIndex() {
    if (index == null && root() instanceof CompilationUnit cu) {
      new TreeIndex(cu);
    }
    return index;
  }

  /** The nearest proper ancestor of type {@code type}. */
  public final <T extends Node> Optional<T> findAncestor(Class<T> type) {
    return findAncestor(type, t -> true);
  }

  /** The nearest proper ancestor of type {@code type} matching {@code filter}. */
  public final <T extends Node> Optional<T> findAncestor(
      Class<T> type, Predicate<? super T> filter) {
    for (Node n = parent; n != null; n = n.parent) {
      if (type.isInstance(n) && filter.test(type.cast(n))) {
        return Optional.of(type.cast(n));
      }
    }
    return Optional.empty();
  }

  /**
   * The exact source slice of this node, when the node hangs under a {@link CompilationUnit} whose
   * source covers its range.
   */
  public final Optional<String> sourceText() {
    if (!(root() instanceof CompilationUnit cu)) {
      return Optional.empty();
    }
    return cu.slice(range);
  }

  /**
   * The source text of this node; for a node not attached to a source (built by hand) the
   * pretty-printed C instead.
   */
  public String text() {
    return sourceText().orElseGet(() -> AstPrinter.print(this));
  }

  /** {@link #text()} on one line: each run of white space (line breaks, tabs) is one space. */
  public String compactText() {
    return WHITE_SPACE.matcher(text()).replaceAll(" ");
  }

  /** The simple class name, used by the JSON dump. */
  public String kind() {
    return getClass().getSimpleName();
  }

  /** Node-specific scalar fields (names, operators, flags) for dumps; children excluded. */
  public Map<String, Object> properties() {
    return Map.of();
  }

  /** Double dispatch to the visitor's method for this concrete class. */
  public abstract <R> R accept(Visitor<R> visitor);

  @Override
  public String toString() {
    return kind() + "@" + range;
  }
}
