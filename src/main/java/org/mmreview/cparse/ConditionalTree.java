package org.mmreview.cparse;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.antlr.v4.runtime.CommonToken;
import org.antlr.v4.runtime.Token;
import org.mmreview.cparse.grammar.KernelCLexer;

/**
 * The {@code #if}/{@code #elif}/{@code #else} groups of a lexed text as a tree, and the branch
 * choices that show the code the main configuration leaves out.
 *
 * <p>The main configuration is what {@link TokenPasses#conditionals} keeps: the first branch of
 * every group that is not {@code #if 0}. {@link #otherConfigurations()} picks, greedily, choices
 * that together take every other branch holding code at least once: each round takes, in every
 * group it reaches, the first live branch not yet taken (or holding a group with such a branch),
 * else the main one. A branch nested in a main branch whose group was switched is reached in a
 * later round, so a few rounds cover a file (the depth of nesting plus the longest {@code #elif}
 * chain). {@code #if 0} bodies are dead code, never a configuration.
 */
final class ConditionalTree {
  /** More rounds than this are not tried (no kernel file needs more than a handful). */
  static final int MAX_CONFIGURATIONS = 8;

  private static final Pattern IF_ZERO =
      Pattern.compile("#\\s*(el)?if\\s+(0|false)\\b.*", Pattern.DOTALL);
  private static final Pattern COMMENT = Pattern.compile("/\\*.*?\\*/|//.*", Pattern.DOTALL);

  /** One {@code #if ... #endif}. */
  static final class Group {
    final CommonToken opening;
    final List<Branch> branches = new ArrayList<>();

    Group(CommonToken opening) {
      this.opening = opening;
    }

    /** The branch the main configuration takes: the first live one; -1 when all are dead. */
    int mainBranch() {
      for (Branch b : branches) {
        if (!b.dead) {
          return b.index;
        }
      }
      return -1;
    }

    /** What the group tests, as a reader would name it: {@code CONFIG_FOO}, {@code !CONFIG_FOO}. */
    String condition() {
      String text = cleaned(opening.getText());
      String word = TokenPasses.directiveWord(text);
      String rest = text.replaceFirst("^#\\s*" + word, "").trim();
      return switch (word) {
        case "ifndef" -> "!" + rest;
        default -> rest;
      };
    }
  }

  /** One branch of a group: its directive, and where its lines end (the next directive's line). */
  static final class Branch {
    final Group group;
    final int index;
    final CommonToken directive;
    final boolean dead;
    final List<Group> children = new ArrayList<>();
    boolean hasCode;
    int endLine;

    Branch(Group group, int index, CommonToken directive) {
      this.group = group;
      this.index = index;
      this.directive = directive;
      this.dead = IF_ZERO.matcher(directive.getText()).matches();
    }

    /** The first line of the branch's code (after its directive and continuations). */
    int firstLine() {
      String t = directive.getText();
      int newlines = 0;
      for (int i = 0; i < t.length(); i++) {
        if (t.charAt(i) == '\n') {
          newlines++;
        }
      }
      return directive.getLine() + newlines + 1;
    }

    /** {@code #else of CONFIG_FOO}, {@code #elif defined(CONFIG_BAR)}, {@code #if CONFIG_BAZ}. */
    String label() {
      String word = TokenPasses.directiveWord(directive.getText());
      if (word.equals("else")) {
        return "#else of " + group.condition();
      }
      if (index == 0) {
        return "#if " + group.condition();
      }
      String text = cleaned(directive.getText());
      return "#" + word + " " + text.replaceFirst("^#\\s*" + word, "").trim();
    }
  }

  private final List<Group> roots = new ArrayList<>();

  private ConditionalTree() {}

  /**
   * The groups of {@code tokens} (every channel), unbalanced directives ignored as the parse does.
   */
  static ConditionalTree of(List<CommonToken> tokens) {
    ConditionalTree tree = new ConditionalTree();
    Deque<Group> open = new ArrayDeque<>();
    for (CommonToken t : tokens) {
      if (t.getType() == KernelCLexer.Directive) {
        switch (TokenPasses.directiveWord(t.getText())) {
          case "if", "ifdef", "ifndef" -> {
            Group g = new Group(t);
            g.branches.add(new Branch(g, 0, t));
            if (open.isEmpty()) {
              tree.roots.add(g);
            } else {
              last(open.peek()).children.add(g);
            }
            open.push(g);
          }
          case "elif", "elifdef", "elifndef", "else" -> {
            if (!open.isEmpty()) {
              Group g = open.peek();
              last(g).endLine = t.getLine() - 1;
              g.branches.add(new Branch(g, g.branches.size(), t));
            }
          }
          case "endif" -> {
            if (!open.isEmpty()) {
              last(open.pop()).endLine = t.getLine() - 1;
            }
          }
          default -> {}
        }
      } else if (t.getChannel() == Token.DEFAULT_CHANNEL) {
        for (Group g : open) {
          last(g).hasCode = true;
        }
      }
    }
    // A group left open by the text's end runs to its last line.
    for (Group g : open) {
      last(g).endLine = Integer.MAX_VALUE;
    }
    return tree;
  }

  private static Branch last(Group g) {
    return g.branches.get(g.branches.size() - 1);
  }

  /**
   * Branch choices (the opening directive's start index to the branch taken) for configurations
   * that together take every live branch with code that the main configuration leaves out; empty
   * when there is none.
   */
  List<Map<Integer, Integer>> otherConfigurations() {
    Set<Branch> taken = new HashSet<>();
    walk(roots, Map.of(), taken);
    List<Map<Integer, Integer>> out = new ArrayList<>();
    while (out.size() < MAX_CONFIGURATIONS) {
      Map<Integer, Integer> choice = new HashMap<>();
      choose(roots, taken, choice);
      if (choice.isEmpty()) {
        break;
      }
      int before = taken.size();
      walk(roots, choice, taken);
      if (taken.size() == before) {
        break;
      }
      out.add(Map.copyOf(choice));
    }
    return out;
  }

  /** Records the branches {@code choice} takes. */
  private static void walk(List<Group> groups, Map<Integer, Integer> choice, Set<Branch> taken) {
    for (Group g : groups) {
      int b = choice.getOrDefault(g.opening.getStartIndex(), g.mainBranch());
      if (b >= 0) {
        Branch br = g.branches.get(b);
        taken.add(br);
        walk(br.children, choice, taken);
      }
    }
  }

  private static void choose(List<Group> groups, Set<Branch> taken, Map<Integer, Integer> choice) {
    for (Group g : groups) {
      int main = g.mainBranch();
      Branch pick = null;
      for (Branch b : g.branches) {
        if (!b.dead && wanted(b, taken)) {
          pick = b;
          break;
        }
      }
      if (pick == null) {
        if (main < 0) {
          continue;
        }
        pick = g.branches.get(main);
      }
      if (pick.index != main) {
        choice.put(g.opening.getStartIndex(), pick.index);
      }
      choose(pick.children, taken, choice);
    }
  }

  /** True when {@code b} holds code not taken yet, itself or in a group nested in it. */
  private static boolean wanted(Branch b, Set<Branch> taken) {
    if (b.hasCode && !taken.contains(b)) {
      return true;
    }
    for (Group g : b.children) {
      for (Branch c : g.branches) {
        if (!c.dead && wanted(c, taken)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * The lines {@code choice} shows that the main configuration does not, each with the branches
   * (outermost first) that put it there; lines shifted by {@code lineShift}.
   */
  Configuration configuration(Map<Integer, Integer> choice, int lineShift) {
    List<Configuration.Region> regions = new ArrayList<>();
    List<String> names = new ArrayList<>();
    regions(roots, choice, List.of(), regions, names, lineShift);
    return new Configuration(String.join(", ", names), regions);
  }

  private static void regions(
      List<Group> groups,
      Map<Integer, Integer> choice,
      List<Branch> chain,
      List<Configuration.Region> out,
      List<String> names,
      int lineShift) {
    for (Group g : groups) {
      int main = g.mainBranch();
      int b = choice.getOrDefault(g.opening.getStartIndex(), main);
      if (b < 0) {
        continue;
      }
      Branch br = g.branches.get(b);
      List<Branch> inner = chain;
      if (b != main) {
        inner = new ArrayList<>(chain);
        inner.add(br);
        names.add(br.label());
      }
      if (!inner.isEmpty()) {
        String label = String.join(", ", inner.stream().map(Branch::label).toList());
        int directiveLine = inner.get(inner.size() - 1).directive.getLine() + lineShift;
        int end = br.endLine == Integer.MAX_VALUE ? Integer.MAX_VALUE : br.endLine + lineShift;
        out.add(new Configuration.Region(br.firstLine() + lineShift, end, label, directiveLine));
      }
      regions(br.children, choice, inner, out, names, lineShift);
    }
  }

  /** Directive text without comments, continuations and repeated blanks. */
  private static String cleaned(String text) {
    String t = COMMENT.matcher(text).replaceAll(" ");
    t = t.replace("\\\n", " ").replace("\\\r\n", " ");
    t = t.replaceAll("\\s+", " ").trim();
    return t.length() > 80 ? t.substring(0, 77) + "..." : t;
  }
}
