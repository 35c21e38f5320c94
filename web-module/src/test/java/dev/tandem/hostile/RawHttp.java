package dev.tandem.hostile;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * HTTP/1.1 on a plain socket for the deliveries a well-behaved client cannot make: a body written
 * while the answer is already being read (so an early 413 is seen), chunked in odd sizes, dripped,
 * stalled, or a request head that lies. The answer is read with a deadline; a connection the server
 * closes without answering is status {@link Expected#CLOSED_OR_STATUS}.
 */
final class RawHttp {
  /** The server's answer. */
  record Answer(int status, String contentType, byte[] body) {}

  private RawHttp() {}

  static Answer exchange(URI endpoint, byte[] bytes, String contentType, Delivery d, long timeoutMillis)
      throws IOException, InterruptedException {
    try (Socket socket = new Socket(endpoint.getHost(), endpoint.getPort())) {
      socket.setSoTimeout((int) timeoutMillis);
      OutputStream out = socket.getOutputStream();
      Thread writer = new Thread(() -> write(out, endpoint, bytes, contentType, d), "raw-http-writer");
      writer.setDaemon(true);
      writer.start();
      try {
        return read(new BufferedInputStream(socket.getInputStream()));
      } finally {
        writer.interrupt();
        writer.join(TimeUnit.SECONDS.toMillis(5));
      }
    }
  }

  private static void write(OutputStream out, URI endpoint, byte[] bytes, String contentType, Delivery d) {
    try {
      if (d.kind() == Delivery.Kind.RAW) {
        out.write(bytes);
        out.flush();
        return;
      }
      StringBuilder head =
          new StringBuilder("POST ").append(endpoint.getPath()).append(" HTTP/1.1\r\n")
              .append("Host: ").append(endpoint.getHost()).append(':').append(endpoint.getPort()).append("\r\n")
              .append("Connection: close\r\n");
      if (contentType != null) {
        head.append("Content-Type: ").append(contentType).append("\r\n");
      }
      head.append(d.kind() == Delivery.Kind.CHUNKED
          ? "Transfer-Encoding: chunked\r\n"
          : "Content-Length: " + bytes.length + "\r\n");
      out.write(head.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
      out.flush();
      switch (d.kind()) {
        case FIXED -> blocks(out, bytes, d.chunkBytes());
        case CHUNKED -> {
          for (int i = 0; i < bytes.length; i += d.chunkBytes()) {
            int n = Math.min(d.chunkBytes(), bytes.length - i);
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(bytes, i, n);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        case DRIP -> {
          for (int i = 0; i < bytes.length; i += d.chunkBytes()) {
            out.write(bytes, i, Math.min(d.chunkBytes(), bytes.length - i));
            out.flush();
            Thread.sleep(d.intervalMillis());
          }
        }
        case STALL -> {
          out.write(bytes, 0, d.chunkBytes());
          out.flush();
          Thread.sleep(Long.MAX_VALUE); // until the answer is read and this thread interrupted
        }
        default -> throw new IllegalArgumentException(d.toString());
      }
      out.flush();
    } catch (IOException | InterruptedException stoppedByServerOrTest) {
      // The server answered early and closed, or the test has its answer: stop sending.
    }
  }

  private static void blocks(OutputStream out, byte[] bytes, int block) throws IOException {
    for (int i = 0; i < bytes.length; i += block) {
      out.write(bytes, i, Math.min(block, bytes.length - i));
    }
  }

  private static Answer read(InputStream in) throws IOException {
    String status;
    try {
      status = line(in);
    } catch (SocketTimeoutException e) {
      throw e;
    } catch (IOException reset) {
      return new Answer(Expected.CLOSED_OR_STATUS, null, new byte[0]);
    }
    if (status == null) {
      return new Answer(Expected.CLOSED_OR_STATUS, null, new byte[0]);
    }
    int code = Integer.parseInt(status.split(" ")[1]);
    String contentType = null;
    long length = -1;
    boolean chunked = false;
    for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
      int colon = h.indexOf(':');
      String name = h.substring(0, colon).trim().toLowerCase(Locale.ROOT);
      String value = h.substring(colon + 1).trim();
      switch (name) {
        case "content-type" -> contentType = value;
        case "content-length" -> length = Long.parseLong(value);
        case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
        default -> {}
      }
    }
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try {
      if (chunked) {
        for (int n = Integer.parseInt(line(in).trim(), 16); n > 0; n = Integer.parseInt(line(in).trim(), 16)) {
          body.write(in.readNBytes(n));
          line(in);
        }
      } else if (length >= 0) {
        body.write(in.readNBytes((int) length));
      }
    } catch (IOException resetAfterHead) {
      // The head is what counts for a status-only answer.
    }
    return new Answer(code, contentType, body.toByteArray());
  }

  private static String line(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int c;
    while ((c = in.read()) != -1) {
      if (c == '\n') {
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
      }
      b.write(c);
    }
    return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
  }
}
