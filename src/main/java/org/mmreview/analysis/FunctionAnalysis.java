package org.mmreview.analysis;

import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.kernel.LockApis;

/** The analyses of one function, each computed on first use and then kept. */
public final class FunctionAnalysis {
  private final FunctionDefinition function;
  private final SameFileHelpers helpers;
  private final LockApis lockApis;
  private Cfg cfg;
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
      defUse = DefUse.of(cfg());
    }
    return defUse;
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
