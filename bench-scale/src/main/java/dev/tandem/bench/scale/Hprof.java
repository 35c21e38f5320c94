package dev.tandem.bench.scale;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A minimal reader of HPROF heap dumps ({@code jcmd <pid> GC.heap_dump}): class names and field
 * layouts, the class of every object, and a walk over every object reference (referrer, field,
 * referent). Enough to find who holds the objects of a class; sizes come from the class histogram.
 */
final class Hprof {
  /** A reference from object {@code from} (of class {@code fromClass}) through {@code field} to {@code to}. */
  interface RefVisitor {
    void ref(long from, long fromClass, String field, long to);
  }

  private final Path file;
  private int idSize;
  final Map<Long, String> strings = new HashMap<>();
  final Map<Long, String> classNames = new HashMap<>();
  private final Map<Long, Long> superOf = new HashMap<>();
  private final Map<Long, List<String>> fieldNames = new HashMap<>();
  private final Map<Long, byte[]> fieldTypes = new HashMap<>();
  /** Object id to class id (instances and arrays). */
  final LongLongMap classOf = new LongLongMap();

  Hprof(Path file) {
    this.file = file;
  }

  private long id(DataInputStream in) throws IOException {
    return idSize == 4 ? in.readInt() & 0xffffffffL : in.readLong();
  }

  private int size(int type) {
    return switch (type) {
      case 2 -> idSize;
      case 4, 8 -> 1;
      case 5, 9 -> 2;
      case 6, 10 -> 4;
      case 7, 11 -> 8;
      default -> throw new IllegalStateException("type " + type);
    };
  }

  private static void skip(DataInputStream in, long n) throws IOException {
    while (n > 0) {
      long s = in.skip(n);
      if (s <= 0) {
        in.readByte();
        s = 1;
      }
      n -= s;
    }
  }

  /** Reads the dump; with a visitor, reports every reference, otherwise collects only the metadata. */
  void scan(RefVisitor visitor) throws IOException {
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(new FileInputStream(file.toFile()), 1 << 20))) {
      while (in.readByte() != 0) {
        // "JAVA PROFILE 1.0.2\0"
      }
      idSize = in.readInt();
      in.readLong();
      while (true) {
        int tag;
        try {
          tag = in.readUnsignedByte();
        } catch (EOFException end) {
          return;
        }
        in.readInt();
        long length = in.readInt() & 0xffffffffL;
        if (tag == 0x01 && visitor == null) {
          long sid = id(in);
          byte[] b = new byte[(int) (length - idSize)];
          in.readFully(b);
          strings.put(sid, new String(b, java.nio.charset.StandardCharsets.UTF_8));
        } else if (tag == 0x02 && visitor == null) {
          in.readInt();
          long cid = id(in);
          in.readInt();
          classNames.put(cid, strings.get(id(in)).replace('/', '.'));
        } else if (tag == 0x0C || tag == 0x1C) {
          segment(in, length, visitor);
        } else {
          skip(in, length);
        }
      }
    }
  }

  private void segment(DataInputStream in, long length, RefVisitor visitor) throws IOException {
    long end = length;
    long read = 0;
    while (read < end) {
      int sub = in.readUnsignedByte();
      read += 1;
      switch (sub) {
        case 0xFF, 0x05, 0x07 -> { id(in); read += idSize; }
        case 0x01 -> { id(in); id(in); read += 2L * idSize; }
        case 0x02, 0x03, 0x08 -> { id(in); in.readInt(); in.readInt(); read += idSize + 8; }
        case 0x04, 0x06 -> { id(in); in.readInt(); read += idSize + 4; }
        case 0x20 -> read += classDump(in, visitor == null);
        case 0x21 -> {
          long oid = id(in);
          in.readInt();
          long cid = id(in);
          int n = in.readInt();
          byte[] b = new byte[n];
          in.readFully(b);
          read += 2L * idSize + 8 + n;
          if (visitor == null) {
            classOf.put(oid, cid);
          } else {
            fields(oid, cid, b, visitor);
          }
        }
        case 0x22 -> {
          long oid = id(in);
          in.readInt();
          int n = in.readInt();
          long cid = id(in);
          read += 2L * idSize + 8 + (long) n * idSize;
          if (visitor == null) {
            classOf.put(oid, cid);
            skip(in, (long) n * idSize);
          } else {
            for (int i = 0; i < n; i++) {
              long to = id(in);
              if (to != 0) {
                visitor.ref(oid, cid, "[]", to);
              }
            }
          }
        }
        case 0x23 -> {
          long oid = id(in);
          in.readInt();
          int n = in.readInt();
          int type = in.readUnsignedByte();
          long bytes = (long) n * size(type);
          skip(in, bytes);
          read += idSize + 9 + bytes;
          if (visitor == null) {
            classOf.put(oid, -type); // primitive arrays: minus the element type
          }
        }
        default -> throw new IOException("unknown heap dump sub-record " + sub);
      }
    }
  }

  private long classDump(DataInputStream in, boolean keep) throws IOException {
    long cid = id(in);
    in.readInt();
    long sup = id(in);
    for (int i = 0; i < 5; i++) {
      id(in);
    }
    in.readInt();
    long read = 7L * idSize + 8;
    int cp = in.readUnsignedShort();
    read += 2;
    for (int i = 0; i < cp; i++) {
      in.readUnsignedShort();
      int t = in.readUnsignedByte();
      skip(in, size(t));
      read += 3 + size(t);
    }
    int statics = in.readUnsignedShort();
    read += 2;
    for (int i = 0; i < statics; i++) {
      id(in);
      int t = in.readUnsignedByte();
      skip(in, size(t));
      read += idSize + 1 + size(t);
    }
    int n = in.readUnsignedShort();
    read += 2;
    List<String> names = new ArrayList<>(n);
    byte[] types = new byte[n];
    for (int i = 0; i < n; i++) {
      names.add(strings.get(id(in)));
      types[i] = in.readByte();
      read += idSize + 1;
    }
    if (keep) {
      superOf.put(cid, sup);
      fieldNames.put(cid, names);
      fieldTypes.put(cid, types);
    }
    return read;
  }

  /** Instance field values are laid out class first, then each superclass. */
  private void fields(long oid, long cid, byte[] b, RefVisitor visitor) {
    int pos = 0;
    for (long c = cid; c != 0 && fieldTypes.containsKey(c); c = superOf.getOrDefault(c, 0L)) {
      byte[] types = fieldTypes.get(c);
      List<String> names = fieldNames.get(c);
      for (int i = 0; i < types.length; i++) {
        if (types[i] == 2) {
          long to = 0;
          for (int k = 0; k < idSize; k++) {
            to = (to << 8) | (b[pos + k] & 0xff);
          }
          if (to != 0) {
            visitor.ref(oid, cid, names.get(i), to);
          }
        }
        pos += size(types[i]);
      }
    }
  }

  /** The name of an object's class ("byte[]" etc. for primitive arrays). */
  String classNameOfClassId(long cid) {
    if (cid < 0) {
      return switch ((int) -cid) {
        case 4 -> "boolean[]"; case 5 -> "char[]"; case 6 -> "float[]"; case 7 -> "double[]";
        case 8 -> "byte[]"; case 9 -> "short[]"; case 10 -> "int[]"; default -> "long[]";
      };
    }
    return classNames.getOrDefault(cid, "?" + cid);
  }
}
