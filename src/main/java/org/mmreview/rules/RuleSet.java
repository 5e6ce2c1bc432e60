package org.mmreview.rules;

import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Predicate;

/**
 * The rules to run, each paired with its metadata. Built from the catalogue: every {@code
 * rules/<id>.yaml} names its class by its id, so there is no list to keep in step.
 */
public final class RuleSet {

  /**
   * A rule instance and the metadata it reports with. Equal only to itself: the engine keys maps by
   * entry for every node it walks, and a record's hash over all of the metadata's text cost the
   * audit about 1% of its CPU.
   */
  public record Entry(RuleMetadata metadata, Rule rule) {
    @Override
    public boolean equals(Object o) {
      return this == o;
    }

    @Override
    public int hashCode() {
      return System.identityHashCode(this);
    }
  }

  private final List<Entry> entries;

  private RuleSet(List<Entry> entries) {
    this.entries = List.copyOf(entries);
  }

  /** Every rule of the catalogue whose metadata passes {@code filter}. */
  public static RuleSet load(RuleCatalog catalog, Predicate<RuleMetadata> filter) {
    List<Entry> entries = new ArrayList<>();
    for (RuleMetadata m : catalog.rules()) {
      if (filter.test(m)) {
        entries.add(new Entry(m, instantiate(m)));
      }
    }
    return new RuleSet(entries);
  }

  /**
   * The rules a run without {@code --rule} gets: every rule of the catalogue that is on by default
   * ({@link RuleMetadata#onByDefault()}).
   */
  public static RuleSet all(RuleCatalog catalog) {
    return load(catalog, RuleMetadata::onByDefault);
  }

  /** The default rules plus the off-by-default ones named in {@code enabled}. */
  public static RuleSet allWith(RuleCatalog catalog, Collection<String> enabled) {
    return load(catalog, m -> m.onByDefault() || enabled.contains(m.id()));
  }

  /** Every rule of the catalogue, including those off by default (tests, {@code rules}). */
  public static RuleSet everything(RuleCatalog catalog) {
    return load(catalog, m -> true);
  }

  /** Only the rules with the given ids. */
  public static RuleSet only(RuleCatalog catalog, Collection<String> ids) {
    return load(catalog, m -> ids.contains(m.id()));
  }

  /** Exactly these entries, in this order (tests pair real rules with failing ones). */
  public static RuleSet of(List<Entry> entries) {
    return new RuleSet(entries);
  }

  /** These entries with an id in {@code ids}, in this set's order: the same rule instances. */
  public RuleSet restrictedTo(Collection<String> ids) {
    List<Entry> kept = new ArrayList<>();
    for (Entry e : entries) {
      if (ids.contains(e.metadata().id())) {
        kept.add(e);
      }
    }
    return new RuleSet(kept);
  }

  public List<Entry> entries() {
    return entries;
  }

  static Rule instantiate(RuleMetadata m) {
    String className = m.ruleClassName();
    try {
      Class<?> c = Class.forName(className);
      if (!Rule.class.isAssignableFrom(c)) {
        throw new RuleCatalogException(className + " (rule " + m.id() + ") does not extend Rule");
      }
      return (Rule) c.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException e) {
      throw new RuleCatalogException("rule " + m.id() + " has metadata but no class " + className);
    } catch (ReflectiveOperationException e) {
      Throwable cause = e instanceof InvocationTargetException ? e.getCause() : e;
      throw new RuleCatalogException("cannot create rule " + m.id() + ": " + cause);
    }
  }
}
