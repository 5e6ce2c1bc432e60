package org.mmreview.analysis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.mmreview.ast.decl.FunctionDefinition;
import org.mmreview.ast.expr.CallExpression;
import org.mmreview.kernel.LockApi;
import org.mmreview.kernel.LockApis;
import org.mmreview.kernel.LockFamily;
import org.mmreview.kernel.LockGroup;

/**
 * What same-file helpers do to locks: a helper whose body (transitively) only releases a lock group
 * is a release of it ({@code mfill_put_vma()} calling {@code vma_end_read()}); one that only
 * acquires is an acquire. Mixed bodies are decided by the name ({@code *unlock*}, {@code *put*}
 * release; {@code *lock*}, {@code *get*} acquire) or else by the balance of calls.
 */
final class HelperLockEffects {
  private static final Pattern RELEASE_NAME =
      Pattern.compile(".*(unlock|_put|put_|release|_end|drop|unmap).*");
  private static final Pattern ACQUIRE_NAME =
      Pattern.compile(".*(lock|_get|get_|acquire|grab|start).*");

  private final SameFileHelpers helpers;
  private final LockApis apis;
  private final Map<String, List<LockApi>> memo = new HashMap<>();
  private final Set<String> inProgress = new HashSet<>();

  HelperLockEffects(SameFileHelpers helpers, LockApis apis) {
    this.helpers = helpers;
    this.apis = apis;
  }

  /** The lock effects of calling {@code helper} (empty when it does nothing to locks). */
  List<LockApi> effects(FunctionDefinition helper) {
    String name = helper.name();
    if (memo.containsKey(name)) {
      return memo.get(name);
    }
    if (!inProgress.add(name)) {
      return List.of();
    }
    Map<LockGroup, int[]> balance = new LinkedHashMap<>();
    Map<LockGroup, LockFamily> acquireFamily = new HashMap<>();
    Map<LockGroup, LockFamily> releaseFamily = new HashMap<>();
    for (CallExpression c : helper.body().findAll(CallExpression.class)) {
      for (LockApi api : callEffects(c)) {
        int[] b = balance.computeIfAbsent(api.group(), g -> new int[2]);
        b[api.kind().acquires() ? 0 : 1]++;
        (api.kind().acquires() ? acquireFamily : releaseFamily)
            .putIfAbsent(api.group(), api.family());
      }
    }
    inProgress.remove(name);
    String lower = name.toLowerCase(Locale.ROOT);
    boolean releaseName = RELEASE_NAME.matcher(lower).matches();
    boolean acquireName = !releaseName && ACQUIRE_NAME.matcher(lower).matches();
    List<LockApi> out = new ArrayList<>();
    for (Map.Entry<LockGroup, int[]> e : balance.entrySet()) {
      int acquires = e.getValue()[0];
      int releases = e.getValue()[1];
      boolean release =
          acquires == 0 || (releases > 0 && (releaseName || (!acquireName && releases > acquires)));
      boolean acquire =
          releases == 0 || (acquires > 0 && (acquireName || (!releaseName && acquires > releases)));
      if (release == acquire) {
        continue;
      }
      // Some call of the helper's body acquired (or released) the group: it names the family.
      LockFamily family = (acquire ? acquireFamily : releaseFamily).get(e.getKey());
      boolean returnsObject = helper.returnType().isPointer();
      out.add(
          new LockApi(
              name,
              release ? LockApi.Kind.RELEASE : LockApi.Kind.TRY,
              family,
              acquire && returnsObject ? -1 : 0));
    }
    List<LockApi> result = List.copyOf(out);
    memo.put(name, result);
    return result;
  }

  /** The lock effects of one call: a table API, or a same-file helper's effects. */
  List<LockApi> callEffects(CallExpression c) {
    String name = c.calleeName().orElse(null);
    if (name == null) {
      return List.of();
    }
    // A definition in the file says more than the table (which names helpers such as
    // mfill_get_vma() for patches that do not show their bodies).
    List<LockApi> own = helpers.resolve(c).map(this::effects).orElse(List.of());
    if (!own.isEmpty()) {
      return own;
    }
    return apis.lookup(name).map(List::of).orElse(List.of());
  }
}
