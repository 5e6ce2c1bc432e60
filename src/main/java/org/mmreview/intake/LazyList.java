package org.mmreview.intake;

import java.util.AbstractList;
import java.util.List;
import java.util.function.Supplier;

/**
 * An unmodifiable list computed on its first read. A mail's To and Cc lists are this: kernel mails
 * carry dozens of folded addresses, and of the many mails an audit reads only the bot's replies
 * ever look at them (their decoding was an eighth of an audit's reading time). A mail's References
 * and its commit message's trailers are too: an audit reads the References of a mail without
 * In-Reply-To only, and the trailers never.
 */
final class LazyList<T> extends AbstractList<T> {
  private Supplier<List<T>> source;
  private volatile List<T> items;

  LazyList(Supplier<List<T>> source) {
    this.source = source;
  }

  private List<T> items() {
    List<T> l = items;
    if (l == null) {
      synchronized (this) {
        l = items;
        if (l == null) {
          l = List.copyOf(source.get());
          items = l;
          source = null; // what it was computed from can go
        }
      }
    }
    return l;
  }

  @Override
  public T get(int index) {
    return items().get(index);
  }

  @Override
  public int size() {
    return items().size();
  }
}
