package io.microbs.ecommerce;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * HTTP/1.1 written by hand on a socket, for what no client library sends: half requests, ambiguous
 * lengths, stray bytes, one byte at a time. Reads answers as they come, or notices the connection closing.
 */
public final class RawHttp implements AutoCloseable {
  private final Socket socket;
  private final InputStream in;

  /** An answer: status, headers (lower-case names) and body as text. */
  public record Response(int status, Map<String, String> headers, String body) {
    public String header(String name) {
      return headers.get(name.toLowerCase(Locale.ROOT));
    }
  }

  private RawHttp(Socket socket) throws IOException {
    this.socket = socket;
    this.in = socket.getInputStream();
  }

  public static RawHttp connect(int port) {
    try {
      Socket socket = new Socket("127.0.0.1", port);
      socket.setTcpNoDelay(true);
      return new RawHttp(socket);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Sends {@code text} as ISO-8859-1 bytes (one byte per char). */
  public RawHttp send(String text) {
    return send(text.getBytes(StandardCharsets.ISO_8859_1));
  }

  public RawHttp send(byte[] bytes) {
    try {
      socket.getOutputStream().write(bytes);
      socket.getOutputStream().flush();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Whether the server still reads: a write to a connection it closed fails (soon, not always at once). */
  public boolean trySend(String text) {
    try {
      send(text);
      return true;
    } catch (UncheckedIOException closed) {
      return false;
    }
  }

  /** The next answer, or null when the connection closes before one; fails when none comes within {@code patience}. */
  public Response read(Duration patience) {
    return read(patience, true);
  }

  /** The next answer to a HEAD request, which has headers only. */
  public Response readHead(Duration patience) {
    return read(patience, false);
  }

  private Response read(Duration patience, boolean withBody) {
    try {
      socket.setSoTimeout((int) patience.toMillis());
      String head = readStatusAndHeaders();
      if (head == null) {
        return null;
      }
      String[] lines = head.split("\r\n");
      int status = Integer.parseInt(lines[0].split(" ")[1]);
      Map<String, String> headers = new TreeMap<>();
      for (int i = 1; i < lines.length; i++) {
        int colon = lines[i].indexOf(':');
        headers.put(lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT), lines[i].substring(colon + 1).trim());
      }
      String body = !withBody || status == 204 || status == 304 ? ""
          : "chunked".equalsIgnoreCase(headers.get("transfer-encoding")) ? readChunked()
          : new String(in.readNBytes(Integer.parseInt(headers.getOrDefault("content-length", "0"))), StandardCharsets.UTF_8);
      return new Response(status, headers, body);
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no answer within " + patience.toMillis() + " ms", e);
    } catch (IOException e) {
      return null; // reset by the server
    }
  }

  /**
   * How long until the server closes the connection, reading and dropping what it sends meanwhile;
   * fails when it is still open after {@code patience}.
   */
  public Duration awaitClose(long startedNanos, Duration patience) {
    try {
      long deadline = startedNanos + patience.toNanos();
      byte[] buffer = new byte[4096];
      while (true) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          throw new AssertionError("still open after " + patience.toMillis() + " ms");
        }
        socket.setSoTimeout((int) Math.max(1, left / 1_000_000));
        if (in.read(buffer) < 0) {
          return Duration.ofNanos(System.nanoTime() - startedNanos);
        }
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("still open after " + patience.toMillis() + " ms", e);
    } catch (IOException reset) {
      return Duration.ofNanos(System.nanoTime() - startedNanos);
    }
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException ignored) {
      // closing
    }
  }

  /** The status line and headers, or null when the connection closed before any byte of them. */
  private String readStatusAndHeaders() throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    while (matched < 4) {
      int next = in.read();
      if (next < 0) {
        if (head.size() == 0) {
          return null;
        }
        throw new IOException("closed in the middle of an answer");
      }
      head.write(next);
      matched = next == "\r\n\r\n".charAt(matched) ? matched + 1 : next == '\r' ? 1 : 0;
    }
    return head.toString(StandardCharsets.ISO_8859_1).stripTrailing();
  }

  private String readChunked() throws IOException {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    while (true) {
      StringBuilder size = new StringBuilder();
      for (int next = in.read(); next != '\n'; next = in.read()) {
        if (next < 0) {
          throw new IOException("closed in the middle of a chunk");
        }
        size.append((char) next);
      }
      int length = Integer.parseInt(size.toString().trim().split(";")[0], 16);
      if (length == 0) {
        in.readNBytes(2);
        return body.toString(StandardCharsets.UTF_8);
      }
      body.write(in.readNBytes(length));
      in.readNBytes(2);
    }
  }
}
