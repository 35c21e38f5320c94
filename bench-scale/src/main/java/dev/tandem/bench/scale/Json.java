package dev.tandem.bench.scale;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A tiny JSON object writer for the figures (numbers, strings, lists, nested maps). */
final class Json {
  private Json() {}

  static String of(Object v) {
    if (v == null) {
      return "null";
    }
    if (v instanceof Number || v instanceof Boolean) {
      if (v instanceof Double d && (d.isNaN() || d.isInfinite())) {
        return "null";
      }
      return v.toString();
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder("{");
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (b.length() > 1) {
          b.append(", ");
        }
        b.append(of(e.getKey().toString())).append(": ").append(of(e.getValue()));
      }
      return b.append('}').toString();
    }
    if (v instanceof List<?> l) {
      StringBuilder b = new StringBuilder("[");
      for (Object o : l) {
        if (b.length() > 1) {
          b.append(", ");
        }
        b.append(of(o));
      }
      return b.append(']').toString();
    }
    return "\"" + v.toString().replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n") + "\"";
  }

  /** Writes {@code figures} to {@code file} (when not null), creating its directory. */
  static void write(Path file, Map<String, ?> figures) throws IOException {
    if (file == null) {
      return;
    }
    if (file.getParent() != null) {
      Files.createDirectories(file.getParent());
    }
    Files.writeString(file, of(figures) + "\n");
  }

  static Map<String, Object> map() {
    return new LinkedHashMap<>();
  }
}
