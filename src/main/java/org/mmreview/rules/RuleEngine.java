package org.mmreview.rules;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.cparse.Configuration;
import org.mmreview.cparse.ConfigurationParse;
import org.mmreview.report.Finding;
import org.mmreview.report.Fingerprint;
import org.mmreview.review.ParseDiagnostic;
import org.mmreview.review.ReviewedFile;

/**
 * Runs a rule set over files: one walk per parsed unit, dispatching each node to the rules that
 * asked for its kind, then keeping (in a patch review) only findings whose evidence touches a line
 * the patch adds. A rule that fails on a file is reported as a diagnostic, never fatal.
 */
public final class RuleEngine {
  private final RuleSet rules;
  private final boolean reportAll;

  /**
   * The rules wanting each concrete node class, in rule order, decided once per class for the
   * engine's life: asking every rule's nodeKinds() for every node was a measurable share of the
   * walk, and so was deciding it again for every file. Concurrent: an audit's workers share it.
   */
  private final Map<Class<?>, List<RuleSet.Entry>> byClass = new ConcurrentHashMap<>();

  /**
   * @param reportAll report over whole files ({@code --all}) even when reviewing a patch
   */
  public RuleEngine(RuleSet rules, boolean reportAll) {
    this.rules = rules;
    this.reportAll = reportAll;
  }

  /**
   * Findings and the problems met while producing them.
   *
   * @param diagnostics problems of the input (a hunk the parser refused): exit 2 territory
   * @param notes input read with a stated guess (an unterminated comment read as ending on its
   *     line): told, but everything was reviewed, so not an input error
   * @param failures defects of mmreview contained to one rule on one function (an exception or an
   *     {@link Error} such as a stack overflow): exit 3 territory, the rest still reported
   */
  public record Result(
      List<Finding> findings, List<String> diagnostics, List<String> failures, List<String> notes) {
    public Result {
      findings = List.copyOf(findings);
      diagnostics = List.copyOf(diagnostics);
      notes = List.copyOf(notes);
      failures = List.copyOf(failures);
    }
  }

  /**
   * This engine with only the rules named: each rule's findings, fingerprints and occurrence
   * numbers are its own, so they are the same as in a run of every rule.
   */
  public RuleEngine restrictedTo(Collection<String> ruleIds) {
    return new RuleEngine(rules.restrictedTo(ruleIds), reportAll);
  }

  public Result run(ReviewedFile file) {
    return run(file, SeriesContext.NONE);
  }

  /**
   * Runs the rules over {@code file}, a file of a patch whose series (the patch itself and the
   * patches before it) added what {@code series} holds.
   */
  public Result run(ReviewedFile file, SeriesContext series) {
    List<String> diagnostics = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    Collection<RuleContext> contexts = walk(file, series, failures, "");
    // Asked after the rules: a rule may have had the pre-image parsed, with problems of its own.
    for (ParseDiagnostic d : file.parseDiagnostics().get()) {
      switch (d.kind()) {
        case INTERNAL -> failures.add(d.message());
        case REPAIRED -> notes.add(d.message());
        default -> diagnostics.add(d.message());
      }
    }
    List<Finding> findings = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (RuleContext ctx : contexts) {
      for (RuleContext.Candidate c : ctx.candidates()) {
        if (reportAll || keep(file, c)) {
          Finding f = c.finding();
          if (seen.add(key(f))) {
            findings.add(f);
          }
        }
      }
    }
    for (ConfigurationParse other : file.configurations().post().get()) {
      findings.addAll(inConfiguration(file, series, other, seen, failures));
    }
    findings.sort(Finding::compare);
    return new Result(numbered(findings), diagnostics, failures, notes);
  }

  private static String key(Finding f) {
    return f.ruleId() + ":" + f.location().line() + ":" + f.message();
  }

  /**
   * The findings of the rules on another configuration of {@code file} that the main one cannot
   * show: those on the configuration's own lines, or with evidence there and not already found in
   * the main configuration (same rule, line and message). Each says which configuration it is in.
   */
  private List<Finding> inConfiguration(
      ReviewedFile file,
      SeriesContext series,
      ConfigurationParse other,
      Set<String> seen,
      List<String> failures) {
    Configuration config = other.configuration();
    ReviewedFile shown = file.inConfiguration(other.result().unit());
    List<Finding> out = new ArrayList<>();
    for (RuleContext ctx : walk(shown, series, failures, " [in " + config.name() + "]")) {
      for (RuleContext.Candidate c : ctx.candidates()) {
        if (!reportAll && !keep(file, c)) {
          continue;
        }
        Finding f = c.finding();
        Optional<Configuration.Region> region = config.regionAt(f.location().line());
        if (region.isEmpty() && !seen.contains(key(f))) {
          region =
              c.evidence().stream()
                  .flatMap(r -> config.regionAt(r.beginLine()).stream())
                  .findFirst();
        }
        if (region.isEmpty()) {
          continue;
        }
        Finding labelled =
            ConfigurationLabel.label(
                f, region.get(), file.lineText(region.get().directiveLine()).orElse(""));
        if (seen.add(key(labelled))) {
          out.add(labelled);
        }
      }
    }
    return out;
  }

  /**
   * Runs every rule over {@code file}'s units, then their end-of-file step; the contexts hold the
   * candidates. A rule failing on a function is recorded in {@code failures} ({@code where} names
   * the configuration) and skipped for the rest of that function.
   */
  private Collection<RuleContext> walk(
      ReviewedFile file, SeriesContext series, List<String> failures, String where) {
    Map<Object, Object> facts = new HashMap<>();
    Map<RuleSet.Entry, RuleContext> contexts = new LinkedHashMap<>();
    for (RuleSet.Entry e : rules.entries()) {
      contexts.put(e, new RuleContext(e.metadata(), file, facts, series));
    }
    // A rule that throws on a node is skipped for the rest of that node's function (or, outside
    // any function, of that unit): one bad function must not cost the findings of the others.
    Set<FailedScope> failed = new HashSet<>();
    for (CompilationUnit unit : file.units()) {
      unit.stream()
          .forEach(
              node -> {
                List<RuleSet.Entry> wanting =
                    byClass.computeIfAbsent(node.getClass(), k -> wanting(node));
                if (wanting.isEmpty()) {
                  return;
                }
                Node scope =
                    node.findAncestor(FunctionDefinition.class).map(f -> (Node) f).orElse(unit);
                if (node instanceof FunctionDefinition) {
                  scope = node;
                }
                for (RuleSet.Entry e : wanting) {
                  FailedScope key = new FailedScope(e, scope);
                  if (!failed.isEmpty() && failed.contains(key)) {
                    continue;
                  }
                  try {
                    e.rule().visit(node, contexts.get(e));
                  } catch (RuntimeException | StackOverflowError | OutOfMemoryError ex) {
                    failed.add(key);
                    failures.add(failure(e, file, scope, ex) + where);
                  }
                }
              });
    }
    for (RuleSet.Entry e : rules.entries()) {
      try {
        e.rule().finishFile(contexts.get(e));
      } catch (RuntimeException | StackOverflowError | OutOfMemoryError ex) {
        failures.add(failure(e, file, null, ex) + where);
      }
    }
    return contexts.values();
  }

  /**
   * The second and later findings of one file sharing a fingerprint (the same evidence twice in one
   * function) told apart by their order, so a baseline can hold each of them.
   */
  private static List<Finding> numbered(List<Finding> sorted) {
    Map<String, Integer> seen = new HashMap<>();
    List<Finding> out = new ArrayList<>(sorted.size());
    for (Finding f : sorted) {
      int n = seen.merge(f.fingerprint(), 1, Integer::sum);
      out.add(n == 1 ? f : f.withFingerprint(Fingerprint.occurrence(f.fingerprint(), n)));
    }
    return out;
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

  /** A rule and the function (or unit) where it failed; identity of the node, not equality. */
  private record FailedScope(RuleSet.Entry entry, Node scope) {
    @Override
    public boolean equals(Object o) {
      return o instanceof FailedScope f && f.entry == entry && f.scope == scope;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(entry) * 31 + System.identityHashCode(scope);
    }
  }

  private static String failure(RuleSet.Entry e, ReviewedFile file, Node scope, Throwable ex) {
    StackTraceElement top = ex.getStackTrace().length > 0 ? ex.getStackTrace()[0] : null;
    String where =
        scope instanceof FunctionDefinition fn
            ? file.path() + ":" + fn.range().beginLine() + ": in " + fn.name()
            : file.path();
    String what =
        scope == null
            ? "this file"
            : scope instanceof FunctionDefinition ? "this function" : "this unit";
    String origin =
        file.origin().isEmpty() || file.origin().equals(file.path())
            ? ""
            : " (" + file.origin() + ")";
    return where
        + origin
        + ": internal error: rule "
        + e.metadata().id()
        + " failed and was skipped for "
        + what
        + ": "
        + ex
        + (top == null ? "" : " at " + top);
  }
}
