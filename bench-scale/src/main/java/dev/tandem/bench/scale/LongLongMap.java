package dev.tandem.bench.scale;

import java.util.Arrays;

/** An open-addressing map from long keys (never 0) to long values, for millions of heap objects. */
final class LongLongMap {
  private long[] keys = new long[16];
  private long[] values = new long[16];
  private int size;

  private static int mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    return (int) k;
  }

  void put(long key, long value) {
    if (size * 2 >= keys.length) {
      grow();
    }
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == 0) {
        keys[i] = key;
        values[i] = value;
        size++;
        return;
      }
      if (keys[i] == key) {
        values[i] = value;
        return;
      }
    }
  }

  /** The value of {@code key}, or 0 when absent. */
  long get(long key) {
    int mask = keys.length - 1;
    for (int i = mix(key) & mask; ; i = (i + 1) & mask) {
      if (keys[i] == 0) {
        return 0;
      }
      if (keys[i] == key) {
        return values[i];
      }
    }
  }

  int size() {
    return size;
  }

  void clear() {
    Arrays.fill(keys, 0);
    size = 0;
  }

  /** Calls {@code action} with every key. */
  void forEachKey(java.util.function.LongConsumer action) {
    for (long k : keys) {
      if (k != 0) {
        action.accept(k);
      }
    }
  }

  private void grow() {
    long[] k = keys;
    long[] v = values;
    keys = new long[k.length * 2];
    values = new long[k.length * 2];
    size = 0;
    for (int i = 0; i < k.length; i++) {
      if (k[i] != 0) {
        put(k[i], v[i]);
      }
    }
    Arrays.fill(k, 0);
  }
}
