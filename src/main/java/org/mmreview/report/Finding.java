package org.mmreview.report;

import java.util.List;
import java.util.OptionalInt;

/**
 * One reported concern. The same finding must come out the same way whether the code came through a
 * mail, a git commit or a working tree, so everything here is in post-image coordinates, plus the
 * patch-text line when the input was a patch (checkpatch's {@code #NNN}).
 *
 * @param sourceLine the text of the post-image line at {@code location}, for the {@code ^^^}
 *     marker; empty when unknown
 * @param partialContext true when the rule only saw hunks, not the whole function
 * @param origin the patch the finding came from (mail file, archive message, commit); empty when
 *     reviewing whole files
 * @param fingerprint the finding's identity across runs ({@link Fingerprint}): no line numbers
 * @param function the function the evidence lies in; empty when outside any or unknown
 * @param lifecycle introduced by the patch or already there; {@link Lifecycle#NONE} when not
 *     decided
 * @param fixedBy for a {@link Lifecycle#FIXED_LATER} finding, the patch of the series that fixed it
 *     as {@code m/n}; empty otherwise
 * @param versionLabel where the finding stands across versions of its series ({@code new in v3},
 *     {@code still present since v1}); empty when the input had one version
 */
public record Finding(
    String ruleId,
    Severity severity,
    Location location,
    OptionalInt patchLine,
    String message,
    List<Location> related,
    String fix,
    String precedent,
    String sourceLine,
    boolean partialContext,
    String origin,
    String fingerprint,
    String function,
    Lifecycle lifecycle,
    String fixedBy,
    String versionLabel) {

  public Finding {
    function = function == null ? "" : function;
    fixedBy = fixedBy == null ? "" : fixedBy;
    versionLabel = versionLabel == null ? "" : versionLabel;
    lifecycle = lifecycle == null ? Lifecycle.NONE : lifecycle;
    related = List.copyOf(related);
    fix = fix == null ? "" : fix;
    precedent = precedent == null ? "" : precedent;
    sourceLine = sourceLine == null ? "" : sourceLine;
    origin = origin == null ? "" : origin;
    if (fingerprint == null || fingerprint.isEmpty()) {
      fingerprint =
          Fingerprint.of(
              ruleId, location.file(), "", List.of(sourceLine.isEmpty() ? message : sourceLine));
    }
  }

  /** A finding outside any series: no patch fixed it later, no version label. */
  public Finding(
      String ruleId,
      Severity severity,
      Location location,
      OptionalInt patchLine,
      String message,
      List<Location> related,
      String fix,
      String precedent,
      String sourceLine,
      boolean partialContext,
      String origin,
      String fingerprint,
      String function,
      Lifecycle lifecycle) {
    this(
        ruleId,
        severity,
        location,
        patchLine,
        message,
        related,
        fix,
        precedent,
        sourceLine,
        partialContext,
        origin,
        fingerprint,
        function,
        lifecycle,
        "",
        "");
  }

  /**
   * A finding built without its enclosing function or evidence ranges (by hand, in a test): its
   * fingerprint hashes the rule, the file and the evidence line's text.
   */
  public Finding(
      String ruleId,
      Severity severity,
      Location location,
      OptionalInt patchLine,
      String message,
      List<Location> related,
      String fix,
      String precedent,
      String sourceLine,
      boolean partialContext,
      String origin) {
    this(
        ruleId,
        severity,
        location,
        patchLine,
        message,
        related,
        fix,
        precedent,
        sourceLine,
        partialContext,
        origin,
        "",
        "",
        Lifecycle.NONE);
  }

  /** This finding under another fingerprint (the engine numbers repeated identities). */
  public Finding withFingerprint(String fp) {
    return new Finding(
        ruleId,
        severity,
        location,
        patchLine,
        message,
        related,
        fix,
        precedent,
        sourceLine,
        partialContext,
        origin,
        fp,
        function,
        lifecycle,
        fixedBy,
        versionLabel);
  }

  /** This finding at another severity (a configuration's override). */
  public Finding withSeverity(Severity s) {
    return new Finding(
        ruleId,
        s,
        location,
        patchLine,
        message,
        related,
        fix,
        precedent,
        sourceLine,
        partialContext,
        origin,
        fingerprint,
        function,
        lifecycle,
        fixedBy,
        versionLabel);
  }

  /** This finding with its place in the code's history decided. */
  public Finding withLifecycle(Lifecycle l) {
    return new Finding(
        ruleId,
        severity,
        location,
        patchLine,
        message,
        related,
        fix,
        precedent,
        sourceLine,
        partialContext,
        origin,
        fingerprint,
        function,
        l,
        fixedBy,
        versionLabel);
  }

  /**
   * This finding as a later patch of its series left it: fixed by patch {@code m/n}, told as an
   * info on the patch that introduced it (a reviewer of that patch alone still wants to know).
   */
  public Finding fixedLater(String byPatch) {
    return new Finding(
        ruleId,
        Severity.INFO,
        location,
        patchLine,
        message,
        related,
        fix,
        precedent,
        sourceLine,
        partialContext,
        origin,
        fingerprint,
        function,
        Lifecycle.FIXED_LATER,
        byPatch,
        versionLabel);
  }

  /** This finding with its place across versions of its series ({@code new in v2}). */
  public Finding withVersionLabel(String label) {
    return new Finding(
        ruleId,
        severity,
        location,
        patchLine,
        message,
        related,
        fix,
        precedent,
        sourceLine,
        partialContext,
        origin,
        fingerprint,
        function,
        lifecycle,
        fixedBy,
        label);
  }

  /** Ordering used by every output format: file, line, column, then rule id. */
  public static int compare(Finding a, Finding b) {
    int c = a.location.file().compareTo(b.location.file());
    if (c == 0) {
      c = Integer.compare(a.location.line(), b.location.line());
    }
    if (c == 0) {
      c = Integer.compare(a.location.column(), b.location.column());
    }
    if (c == 0) {
      c = a.ruleId.compareTo(b.ruleId);
    }
    return c != 0 ? c : a.origin.compareTo(b.origin);
  }
}
