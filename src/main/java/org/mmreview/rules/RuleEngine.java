package org.mmreview.rules;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.report.Finding;

/**
 * Runs a rule set over files: one walk per parsed unit, dispatching each node to the rules that
 * asked for its kind, then keeping (in a patch review) only findings whose evidence touches a
 * line the patch adds. A rule that fails on a file is reported as a diagnostic, never fatal.
 */
public final class RuleEngine {
  private final RuleSet rules;
  private final boolean reportAll;

  /**
   * @param reportAll report over whole files ({@code --all}) even when reviewing a patch
   */
  public RuleEngine(RuleSet rules, boolean reportAll) {
    this.rules = rules;
    this.reportAll = reportAll;
  }

  /** Findings and the problems met while producing them. */
  public record Result(List<Finding> findings, List<String> diagnostics) {}

  public Result run(ReviewedFile file) {
    Map<Object, Object> facts = new HashMap<>();
    Map<RuleSet.Entry, RuleContext> contexts = new LinkedHashMap<>();
    for (RuleSet.Entry e : rules.entries()) {
      contexts.put(e, new RuleContext(e.metadata(), file, facts));
    }
    List<String> diagnostics = new ArrayList<>();
    Set<RuleSet.Entry> failed = new LinkedHashSet<>();
    // The rules wanting each concrete node class, in rule order, decided once per class: asking
    // every rule's nodeKinds() for every node of a file was a measurable share of the walk.
    Map<Class<?>, List<RuleSet.Entry>> byClass = new HashMap<>();
    for (CompilationUnit unit : file.units()) {
      unit.stream()
          .forEach(
              node -> {
                for (RuleSet.Entry e : byClass.computeIfAbsent(node.getClass(), k -> wanting(node))) {
                  if (!failed.contains(e)) {
                    try {
                      e.rule().visit(node, contexts.get(e));
                    } catch (RuntimeException ex) {
                      failed.add(e);
                      diagnostics.add(failure(e, file, ex));
                    }
                  }
                }
              });
    }
    for (RuleSet.Entry e : rules.entries()) {
      if (!failed.contains(e)) {
        try {
          e.rule().finishFile(contexts.get(e));
        } catch (RuntimeException ex) {
          diagnostics.add(failure(e, file, ex));
        }
      }
    }
    List<Finding> findings = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (RuleContext ctx : contexts.values()) {
      for (RuleContext.Candidate c : ctx.candidates()) {
        if (reportAll || keep(file, c)) {
          Finding f = c.finding();
          String key = f.ruleId() + ":" + f.location().line() + ":" + f.message();
          if (seen.add(key)) {
            findings.add(f);
          }
        }
      }
    }
    findings.sort(Finding::compare);
    return new Result(findings, diagnostics);
  }

  private List<RuleSet.Entry> wanting(Node node) {
    List<RuleSet.Entry> out = new ArrayList<>();
    for (RuleSet.Entry e : rules.entries()) {
      if (wants(e.rule(), node)) {
        out.add(e);
      }
    }
    return List.copyOf(out);
  }

  private static boolean wants(Rule rule, Node node) {
    for (Class<? extends Node> kind : rule.nodeKinds()) {
      if (kind.isInstance(node)) {
        return true;
      }
    }
    return false;
  }

  /** A patch review reports only what the patch is responsible for. */
  private static boolean keep(ReviewedFile file, RuleContext.Candidate c) {
    if (!file.diffAware() || c.aboutRemovedCode()) {
      return true;
    }
    for (Range r : c.evidence()) {
      for (int line = r.beginLine(); line <= r.endLine(); line++) {
        if (file.isAdded(line)) {
          return true;
        }
      }
    }
    return false;
  }

  private static String failure(RuleSet.Entry e, ReviewedFile file, RuntimeException ex) {
    StackTraceElement top = ex.getStackTrace().length > 0 ? ex.getStackTrace()[0] : null;
    return file.path()
        + ": rule "
        + e.metadata().id()
        + " failed and was skipped for this file: "
        + ex
        + (top == null ? "" : " at " + top);
  }
}
