package org.mmreview.kernel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Calls that take something a failing caller must give back ({@code region_chg()}, {@code
 * shmem_inode_acct_blocks()}, {@code kmalloc()}, {@code folio_get()}) and the calls that give it
 * back, read from {@code undo-pairs.yaml} next to this class.
 *
 * @param pairs the rows of the table, in file order
 */
public record UndoPairTable(List<Pair> pairs) {
  private static final UndoPairTable DEFAULT = load();

  /**
   * The shipped table's rows by call: {@link #acquiring} and {@link #undoesSome} are asked of every
   * call of every function error-path-undo-missing judges, and a stream over the rows per call was
   * most of that rule's cost.
   */
  private static final Map<String, Pair> DEFAULT_ACQUIRING = new HashMap<>();

  private static final Set<String> DEFAULT_UNDOING = new HashSet<>();

  static {
    for (Pair p : DEFAULT.pairs()) {
      p.acquire().forEach(call -> DEFAULT_ACQUIRING.putIfAbsent(call, p)); // the first row's
      DEFAULT_UNDOING.addAll(p.undo());
    }
  }

  /** How an acquire reports that it took nothing. */
  public enum Result {
    /** Returns the object: NULL or an {@code ERR_PTR} when it failed. */
    POINTER,
    /** Returns 0 or a count on success, a negative errno on failure. */
    STATUS,
    /** Returns true when it took it. */
    BOOL,
    /** Cannot fail. */
    NONE
  }

  /** The argument index that says "the object is the call's result". */
  public static final int RESULT = -1;

  /** The object index of a pair matched by call alone. */
  public static final int NO_OBJECT = -2;

  /**
   * One row: what is taken (for messages), the acquiring and undoing calls, how an acquire fails,
   * and which argument (or {@link #RESULT}, or {@link #NO_OBJECT}) names the object taken.
   */
  public record Pair(
      String name, List<String> acquire, List<String> undo, Result result, int object) {

    /** True when the object is the acquire's result ({@code p = kmalloc(...)}). */
    public boolean objectIsResult() {
      return object == RESULT;
    }
  }

  /** The table shipped with mmreview. */
  public static UndoPairTable defaults() {
    return DEFAULT;
  }

  /** The row whose acquire {@code call} is. */
  public Optional<Pair> acquiring(String call) {
    if (this == DEFAULT) {
      return Optional.ofNullable(DEFAULT_ACQUIRING.get(call));
    }
    return pairs.stream().filter(p -> p.acquire().contains(call)).findFirst();
  }

  /** True when {@code call} undoes some row's acquire. */
  public boolean undoesSome(String call) {
    if (this == DEFAULT) {
      return DEFAULT_UNDOING.contains(call);
    }
    return pairs.stream().anyMatch(p -> p.undo().contains(call));
  }

  /** True when {@code call} undoes {@code pair}. */
  public boolean undoes(String call, Pair pair) {
    return pair.undo().contains(call);
  }

  private static UndoPairTable load() {
    try (InputStream in = UndoPairTable.class.getResourceAsStream("undo-pairs.yaml")) {
      if (in == null) {
        throw new IllegalStateException("undo-pairs.yaml missing from the class path");
      }
      JsonNode root = new ObjectMapper(new YAMLFactory()).readTree(in);
      List<Pair> rows = new ArrayList<>();
      for (JsonNode n : root) {
        JsonNode object = n.get("object");
        int index =
            object == null
                ? NO_OBJECT
                : object.isInt() ? object.asInt() : "result".equals(object.asText()) ? RESULT : -3;
        if (index == -3) {
          throw new IllegalStateException("undo-pairs.yaml: bad object " + object);
        }
        rows.add(
            new Pair(
                n.get("name").asText(),
                strings(n.get("acquire")),
                strings(n.get("undo")),
                Result.valueOf(n.get("result").asText().toUpperCase(Locale.ROOT)),
                index));
      }
      return new UndoPairTable(List.copyOf(rows));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<String> strings(JsonNode list) {
    List<String> out = new ArrayList<>();
    list.forEach(x -> out.add(x.asText()));
    return List.copyOf(out);
  }
}
