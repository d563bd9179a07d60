package io.microbs.ecommerce.platform.bus;

import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.EventBus;
import io.vertx.core.eventbus.MessageCodec;
import io.vertx.core.http.HttpMethod;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Function;

/**
 * How an HTTP request ({@link ServiceRequest}) and its answer ({@link ServiceResponse}) travel over
 * the event bus: each is the message's body as it is. Within one JVM the object itself is handed over,
 * its headers and bytes never copied (nobody changes either once sent); between cluster members its
 * method or status, path, query, headers and raw body are written out and read back (no JSON
 * envelope). The message's own headers are left to the tracing context.
 */
final class HttpMessages {
  private static final String REGISTERED = "ecommerce.http-messages";

  private HttpMessages() {
  }

  /** Makes requests and answers travel as themselves on the event bus of {@code vertx} (once per Vert.x). */
  static void registerOn(Vertx vertx) {
    if (vertx.sharedData().getLocalMap(REGISTERED).putIfAbsent(REGISTERED, true) == null) {
      EventBus bus = vertx.eventBus();
      bus.registerDefaultCodec(ServiceRequest.class, new Codec<>("ecommerce-request", HttpMessages::writeRequest, HttpMessages::readRequest));
      bus.registerDefaultCodec(ServiceResponse.class, new Codec<>("ecommerce-response", HttpMessages::writeResponse, HttpMessages::readResponse));
    }
  }

  private static void writeRequest(Buffer wire, ServiceRequest request) {
    writeText(wire, request.method().name());
    writeText(wire, request.path());
    writeText(wire, request.query());
    writeHeadersAndBody(wire, request.headers(), request.body());
  }

  private static ServiceRequest readRequest(Reader wire) {
    return new ServiceRequest(HttpMethod.valueOf(wire.text()), wire.text(), wire.text(), wire.headers(), wire.body());
  }

  private static void writeResponse(Buffer wire, ServiceResponse response) {
    wire.appendInt(response.status());
    writeHeadersAndBody(wire, response.headers(), response.body());
  }

  private static ServiceResponse readResponse(Reader wire) {
    return new ServiceResponse(wire.integer(), wire.headers(), wire.body());
  }

  private static void writeHeadersAndBody(Buffer wire, MultiMap headers, Buffer body) {
    wire.appendInt(headers.size());
    for (Map.Entry<String, String> header : headers) {
      writeText(wire, header.getKey());
      writeText(wire, header.getValue());
    }
    wire.appendInt(body.length()).appendBuffer(body);
  }

  private static void writeText(Buffer wire, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    wire.appendInt(bytes.length).appendBytes(bytes);
  }

  /** Reads what the writers above wrote, in order, from a position in a wire buffer. */
  private static final class Reader {
    private final Buffer wire;
    private int position;

    Reader(Buffer wire, int position) {
      this.wire = wire;
      this.position = position;
    }

    int integer() {
      int value = wire.getInt(position);
      position += Integer.BYTES;
      return value;
    }

    String text() {
      int length = integer();
      String text = wire.getString(position, position + length, StandardCharsets.UTF_8.name());
      position += length;
      return text;
    }

    MultiMap headers() {
      MultiMap headers = MultiMap.caseInsensitiveMultiMap();
      for (int count = integer(); count > 0; count--) {
        headers.add(text(), text());
      }
      return headers;
    }

    Buffer body() {
      int length = integer();
      Buffer body = wire.getBuffer(position, position + length);
      position += length;
      return body;
    }
  }

  /** A codec that hands the object over as it is within the JVM, and writes it out between members. */
  private record Codec<T>(String name, Writer<T> writer, Function<Reader, T> reader) implements MessageCodec<T, T> {
    @Override
    public void encodeToWire(Buffer buffer, T message) {
      writer.write(buffer, message);
    }

    @Override
    public T decodeFromWire(int pos, Buffer buffer) {
      return reader.apply(new Reader(buffer, pos));
    }

    @Override
    public T transform(T message) {
      return message;
    }

    @Override
    public byte systemCodecID() {
      return -1;
    }
  }

  @FunctionalInterface
  private interface Writer<T> {
    void write(Buffer wire, T message);
  }
}
