package org.mmreview.report;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * A file the user wrote for mmreview (a baseline, a configuration) that cannot be used. The message
 * is one line naming the file and, when known, the line and column: {@code .mmreview.yaml:4:3:
 * unknown key 'sevrity' (expected one of: ...)}.
 */
public final class InputFileException extends Exception {
  private static final long serialVersionUID = 1L;

  public InputFileException(String message) {
    super(message);
  }

  /** {@code file: reason}, for a file that could not be read at all. */
  public static InputFileException of(Path file, String reason) {
    return new InputFileException(file + ": " + reason);
  }

  /** {@code file:line:col: reason} at a place in the file (1-based; 0 or less leaves it out). */
  public static InputFileException at(Path file, int line, int column, String reason) {
    return new InputFileException(
        file + (line > 0 ? ":" + line + (column > 0 ? ":" + column : "") : "") + ": " + reason);
  }

  /**
   * Jackson's complaint about {@code file} in a reader's words, at the key it is about when it
   * names one (Jackson's own location is where its parser stopped, often the line after), else
   * where Jackson stopped.
   *
   * @param text the file's content, read again with {@code factory} to find the key
   */
  public static InputFileException from(
      Path file, String text, JsonFactory factory, JsonProcessingException e) {
    JsonLocation at = e.getLocation();
    if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
      at = locate(text, factory, pointer(m.getPath())).orElse(at);
    }
    String key =
        e instanceof JsonMappingException m
            ? path(m, e instanceof UnrecognizedPropertyException)
            : "";
    String reason;
    if (e instanceof UnrecognizedPropertyException u) {
      reason = "unknown key '" + u.getPropertyName() + "'" + known(u.getKnownPropertyIds());
    } else if (e instanceof ValueInstantiationException v
        && v.getCause() != null
        && v.getCause().getMessage() != null) {
      reason = v.getCause().getMessage();
    } else if (e instanceof MismatchedInputException mi
        && mi.getTargetType() != null
        && !(e instanceof InvalidFormatException)) {
      Class<?> t = mi.getTargetType();
      reason =
          Collection.class.isAssignableFrom(t)
              ? "expected a list"
              : Map.class.isAssignableFrom(t)
                  ? "expected a mapping (key: value)"
                  : t == String.class
                      ? "expected a single value"
                      : t.isRecord() ? "expected a mapping (key: value)" : firstLine(e);
    } else {
      reason = firstLine(e);
    }
    if (!key.isEmpty()) {
      reason = key + ": " + reason;
    }
    return at(file, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(), reason);
  }

  /**
   * {@code file:line:col: reason} for a value found wrong after reading, at the key (or list
   * element) {@code where} points to in {@code text}; without the place when it is not found.
   */
  public static InputFileException at(
      Path file, String text, JsonFactory factory, JsonPointer where, String reason) {
    StringBuilder key = new StringBuilder();
    for (JsonPointer p = where; !p.matches(); p = p.tail()) {
      String name = p.getMatchingProperty();
      if (p.getMatchingIndex() >= 0) {
        key.append('[').append(name).append(']');
      } else {
        key.append(key.length() > 0 ? "." : "").append(name);
      }
    }
    Optional<JsonLocation> loc = locate(text, factory, where);
    return at(
        file,
        loc.map(JsonLocation::getLineNr).orElse(0),
        loc.map(JsonLocation::getColumnNr).orElse(0),
        (key.isEmpty() ? "" : key + ": ") + reason);
  }

  private static JsonPointer pointer(List<JsonMappingException.Reference> path) {
    StringBuilder pointer = new StringBuilder();
    for (JsonMappingException.Reference r : path) {
      pointer
          .append('/')
          .append(
              r.getFieldName() != null
                  ? r.getFieldName().replace("~", "~0").replace("/", "~1")
                  : String.valueOf(r.getIndex()));
    }
    return JsonPointer.compile(pointer.toString());
  }

  /** Where the key (or list element) {@code wanted} points to starts in {@code text}. */
  private static Optional<JsonLocation> locate(
      String text, JsonFactory factory, JsonPointer wanted) {
    try (JsonParser p = factory.createParser(text)) {
      for (JsonToken t = p.nextToken(); t != null; t = p.nextToken()) {
        if (p.getParsingContext().pathAsPointer().equals(wanted)) {
          return Optional.of(p.currentTokenLocation());
        }
      }
    } catch (IOException ignored) {
      // The text does not read to the key: Jackson's own location stands.
    }
    return Optional.empty();
  }

  private static String firstLine(JsonProcessingException e) {
    String original = e.getOriginalMessage() == null ? e.toString() : e.getOriginalMessage();
    return original.lines().findFirst().orElse(original).strip();
  }

  /** Where in the document: {@code severity.bug-on-recoverable}, {@code rules.enable[2]}. */
  private static String path(JsonMappingException m, boolean parentOnly) {
    StringBuilder b = new StringBuilder();
    List<JsonMappingException.Reference> refs = m.getPath();
    for (JsonMappingException.Reference r :
        parentOnly ? refs.subList(0, Math.max(0, refs.size() - 1)) : refs) {
      if (r.getFieldName() != null) {
        if (b.length() > 0) {
          b.append('.');
        }
        b.append(r.getFieldName());
      } else if (r.getIndex() >= 0) {
        b.append('[').append(r.getIndex()).append(']');
      }
    }
    return b.toString();
  }

  private static String known(Collection<Object> ids) {
    if (ids == null || ids.isEmpty()) {
      return "";
    }
    return " (expected "
        + ids.stream().map(Object::toString).sorted().collect(Collectors.joining(", "))
        + ")";
  }
}
