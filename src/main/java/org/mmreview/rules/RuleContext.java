package org.mmreview.rules;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.mmreview.analysis.FunctionAnalysis;
import org.mmreview.analysis.UnitAnalysis;
import org.mmreview.ast.CompilationUnit;
import org.mmreview.ast.Node;
import org.mmreview.ast.Range;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.report.Finding;
import org.mmreview.report.Fingerprint;
import org.mmreview.report.Lifecycle;
import org.mmreview.report.Location;
import org.mmreview.report.Severity;
import org.mmreview.review.ReviewedFile;

/**
 * What one rule sees of one file, and where it reports. Findings are built with {@link #at(Node)};
 * the engine decides afterwards whether a diff-aware review keeps them.
 */
public final class RuleContext {
  private final RuleMetadata metadata;
  private final ReviewedFile file;
  private final Map<Object, Object> sharedFacts;
  private final SeriesContext series;
  private final List<Candidate> candidates = new ArrayList<>();

  RuleContext(RuleMetadata metadata, ReviewedFile file, Map<Object, Object> sharedFacts) {
    this(metadata, file, sharedFacts, SeriesContext.NONE);
  }

  RuleContext(
      RuleMetadata metadata,
      ReviewedFile file,
      Map<Object, Object> sharedFacts,
      SeriesContext series) {
    this.metadata = metadata;
    this.file = file;
    this.sharedFacts = sharedFacts;
    this.series = series;
  }

  public RuleMetadata metadata() {
    return metadata;
  }

  public ReviewedFile file() {
    return file;
  }

  /**
   * What the patch under review and the earlier patches of its series add, across their files
   * ({@link SeriesContext#NONE} in a whole-file review).
   */
  public SeriesContext series() {
    return series;
  }

  /** The value of a per-file fact, computed on the first request of any rule. */
  public <T> T get(Fact<T> fact) {
    if (fact.scope() != Fact.Scope.FILE) {
      throw new IllegalArgumentException(
          "a per-unit fact needs a node of its unit: get(fact, node)");
    }
    return memo(fact, () -> fact.compute(this));
  }

  /**
   * The value of a fact for the unit holding {@code node} (a per-file fact ignores the node),
   * computed on the first request of any rule.
   */
  public <T> T get(Fact<T> fact, Node node) {
    if (fact.scope() == Fact.Scope.FILE) {
      return get(fact);
    }
    CompilationUnit unit = unitOf(node);
    return memo(new UnitKey(fact, unit), () -> fact.compute(this, unit));
  }

  /** The memo key of a per-unit fact (both parts compare by identity). */
  private record UnitKey(Fact<?> fact, CompilationUnit unit) {}

  /**
   * The file's memo, shared by all rules. Every key holds the {@link Fact} whose type the value
   * has, so the cast is safe. Not {@code computeIfAbsent}: a fact may ask for other facts while it
   * is computed.
   */
  @SuppressWarnings("unchecked")
  private <T> T memo(Object key, Supplier<T> compute) {
    Object value = sharedFacts.get(key);
    if (value == null) {
      value = compute.get();
      sharedFacts.put(key, value);
    }
    return (T) value;
  }

  private static CompilationUnit unitOf(Node node) {
    return node instanceof CompilationUnit cu
        ? cu
        : node.compilationUnit()
            .orElseThrow(() -> new IllegalStateException("node outside a unit"));
  }

  /** The shared analyses (helpers, CFGs, locks, def-use) of the unit holding {@code node}. */
  public UnitAnalysis unitAnalysis(Node node) {
    return get(Fact.UNIT_ANALYSIS, node);
  }

  /** The analyses of one function, built once per file however many rules ask. */
  public FunctionAnalysis analysis(FunctionDefinition function) {
    return unitAnalysis(function).of(function);
  }

  /** Starts a finding whose primary location and evidence is {@code node}. */
  public FindingBuilder at(Node node) {
    Optional<FunctionDefinition> fn =
        node instanceof FunctionDefinition f
            ? Optional.of(f)
            : node.findAncestor(FunctionDefinition.class);
    return new FindingBuilder(node.range(), fn.map(FunctionDefinition::name));
  }

  /** Starts a finding at a range (for evidence that is not a node, such as a comment). */
  public FindingBuilder at(Range range) {
    return new FindingBuilder(range, Optional.empty());
  }

  List<Candidate> candidates() {
    return candidates;
  }

  /** A finding before the engine's diff filter: the finding plus the ranges that are evidence. */
  record Candidate(Finding finding, List<Range> evidence, boolean aboutRemovedCode) {}

  /** Collects a finding's parts; {@link #report()} hands it to the engine. */
  public final class FindingBuilder {
    private final Range primary;
    private final Optional<String> function;
    private final List<Range> evidence = new ArrayList<>();
    private final Map<String, String> args = new LinkedHashMap<>();
    private String variant = RuleMetadata.DEFAULT_VARIANT;
    private final List<Location> related = new ArrayList<>();
    private Severity severity = metadata.severity();
    private boolean aboutRemovedCode;

    private FindingBuilder(Range primary, Optional<String> function) {
      this.primary = primary;
      this.function = function;
      this.evidence.add(primary);
    }

    /**
     * Reports with the message variant {@code name} of the rule's metadata instead of its {@code
     * message}.
     *
     * @throws IllegalArgumentException when the metadata has no such variant
     */
    public FindingBuilder variant(String name) {
      metadata.placeholders(name); // fails on an unknown variant, here rather than at report()
      variant = name;
      return this;
    }

    /**
     * Fills the {@code {name}} placeholder of the rule's message (and fix).
     *
     * @throws IllegalArgumentException when no wording of the message or fix has that placeholder
     */
    public FindingBuilder arg(String name, String value) {
      if (metadata.messages().keySet().stream()
          .noneMatch(v -> metadata.placeholders(v).contains(name))) {
        throw new IllegalArgumentException(
            "rules/" + metadata.id() + ".yaml has no {" + name + "} placeholder");
      }
      args.put(name, value);
      return this;
    }

    /** A related location shown with the finding ("lock dropped here"); it is evidence too. */
    public FindingBuilder related(Node node, String label) {
      return related(node.range(), label);
    }

    public FindingBuilder related(Range range, String label) {
      related.add(location(range, label));
      evidence.add(range);
      return this;
    }

    /** A related location that is shown but does not count as evidence touched by the patch. */
    public FindingBuilder context(Node node, String label) {
      related.add(location(node.range(), label));
      return this;
    }

    /** Raises or lowers the severity of this one finding (the rule's escalation). */
    public FindingBuilder severity(Severity s) {
      severity = s;
      return this;
    }

    /** The finding is about code the patch removed; a diff review keeps it only for removals. */
    public FindingBuilder aboutRemovedCode() {
      aboutRemovedCode = true;
      return this;
    }

    /**
     * Hands the finding to the engine.
     *
     * @throws IllegalStateException when the arguments given are not exactly the placeholders of
     *     the chosen message (a rule defect; the engine reports it as an internal failure)
     */
    public void report() {
      Set<String> wanted = metadata.placeholders(variant);
      if (!wanted.equals(args.keySet())) {
        Set<String> missing = new TreeSet<>(wanted);
        missing.removeAll(args.keySet());
        Set<String> extra = new TreeSet<>(args.keySet());
        extra.removeAll(wanted);
        throw new IllegalStateException(
            "rule "
                + metadata.id()
                + ", message "
                + variant
                + ": "
                + (missing.isEmpty() ? "" : "placeholders " + missing + " not filled")
                + (missing.isEmpty() || extra.isEmpty() ? "" : "; ")
                + (extra.isEmpty() ? "" : "arguments " + extra + " not in this message"));
      }
      Location at = location(primary, "");
      OptionalInt patchLine =
          file.change()
              .map(c -> c.lineMap().patchLineOfNew(primary.beginLine()))
              .orElse(OptionalInt.empty());
      String enclosing = function.orElseGet(() -> FindingIdentity.enclosingFunction(file, primary));
      Finding f =
          new Finding(
              metadata.id(),
              severity,
              at,
              patchLine,
              metadata.formatMessage(variant, args),
              related,
              metadata.formatFix(variant, args),
              metadata.precedent(),
              file.lineText(primary.beginLine()).orElse(""),
              file.partial(),
              file.origin(),
              Fingerprint.of(
                  metadata.id(),
                  file.path(),
                  enclosing,
                  evidence.stream().map(r -> FindingIdentity.evidenceText(file, r)).toList()),
              enclosing,
              Lifecycle.NONE);
      candidates.add(new Candidate(f, List.copyOf(evidence), aboutRemovedCode));
    }

    private Location location(Range r, String label) {
      // A multi-line evidence is marked to the end of its first line.
      int endColumn =
          r.endLine() == r.beginLine()
              ? r.endColumn()
              : file.lineText(r.beginLine()).map(t -> t.length() + 1).orElse(r.beginColumn() + 1);
      return new Location(file.path(), r.beginLine(), r.beginColumn(), endColumn, label);
    }
  }
}
