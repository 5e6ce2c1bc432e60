package org.mmreview.analysis;

import java.util.Collections;
import java.util.Map;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.type.TypeName;
import org.mmreview.kernel.LockApis;

/** The analyses of one function, each computed on first use and then kept. */
public final class FunctionAnalysis {
  private final FunctionDefinition function;
  private final SameFileHelpers helpers;
  private final LockApis lockApis;
  private Cfg cfg;
  private Map<String, TypeName> variables;
  private DefUse defUse;
  private LockRegions locks;
  private AcquireReleasePaths acquireRelease;
  private SuccessCodes successCodes;

  public FunctionAnalysis(FunctionDefinition function, SameFileHelpers helpers, LockApis lockApis) {
    this.function = function;
    this.helpers = helpers;
    this.lockApis = lockApis;
  }

  public FunctionDefinition function() {
    return function;
  }

  public SameFileHelpers helpers() {
    return helpers;
  }

  public Cfg cfg() {
    if (cfg == null) {
      cfg = Cfg.of(function);
    }
    return cfg;
  }

  public DefUse defUse() {
    if (defUse == null) {
      defUse = DefUse.of(cfg(), variablesOf());
    }
    return defUse;
  }

  /**
   * The parameters and locals with their declared types, what {@link DefUse#variables} gives: read
   * from the declarations alone, for a rule that needs the types but not the (much dearer) reaching
   * definitions.
   */
  public Map<String, TypeName> variables() {
    return Collections.unmodifiableMap(variablesOf());
  }

  private Map<String, TypeName> variablesOf() {
    if (variables == null) {
      variables = DefUse.variablesOf(function);
    }
    return variables;
  }

  /** What the function takes that a failing path must give back, along its paths. */
  public AcquireReleasePaths acquireRelease() {
    if (acquireRelease == null) {
      acquireRelease = AcquireReleasePaths.of(cfg(), helpers);
    }
    return acquireRelease;
  }

  /** Where the function's return-code variables surely hold success. */
  public SuccessCodes successCodes() {
    if (successCodes == null) {
      successCodes = SuccessCodes.of(defUse());
    }
    return successCodes;
  }

  public LockRegions locks() {
    if (locks == null) {
      locks = LockRegions.of(cfg(), helpers, lockApis);
    }
    return locks;
  }
}
