package io.microbs.ecommerce.platform.http;

import io.microbs.ecommerce.platform.observability.Refusals;
import io.microbs.ecommerce.platform.observability.RequestLog;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMessage;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.concurrent.ScheduledFuture;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.impl.VertxHttpRequestDecoder;
import io.vertx.core.net.impl.ConnectionBase;
import io.vertx.core.shareddata.Shareable;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shop's HTTP servers, with limits on what a client may hold: idle connections close after
 * {@link HttpLimits#idleTimeout}; a request must arrive whole (headers and body) within
 * {@link HttpLimits#requestTimeout} of its first byte, or its connection is closed; a server holds at
 * most {@link HttpLimits#maxConnections}; a request with both {@code Content-Length} and
 * {@code Transfer-Encoding} (a smuggling vector behind a proxy that reads the other one) is refused
 * with 400; cleartext HTTP/2 is off unless configured. A malformed request is answered in the shop's
 * JSON error shape and logged as one request line.
 *
 * <p>Vert.x has no option for the request deadline, and its decoder (Netty's) drops the
 * {@code Content-Length} of a chunked request before any handler could see both. So each HTTP/1
 * connection gets a decoder of its own, Vert.x's with these two checks added, put in place of
 * Vert.x's ({@value #DECODER} in the connection's pipeline) before the first byte is read. That
 * reaches into Vert.x's internals; {@code HttpLimitsTest} fails if an upgrade moves them.
 */
public final class HttpServers {
  /** The name Vert.x gives its HTTP/1 request decoder in a connection's pipeline. */
  private static final String DECODER = "httpDecoder";
  private static final String CONNECTIONS = "ecommerce.http-connections";
  private static final String TOO_MANY_CONNECTIONS = "too_many_connections";
  private static final String REQUEST_TIMEOUT = "request_timeout";

  private HttpServers() {
  }

  /**
   * An HTTP server with {@code options} and the shop's limits; {@code name} (a service such as
   * {@code web-gateway}) is what its logs and metrics say, and its instances share one connection count.
   */
  public static HttpServer create(Vertx vertx, String name, HttpLimits limits, HttpServerOptions options) {
    HttpServerOptions limited = new HttpServerOptions(options)
        .setIdleTimeout((int) limits.idleTimeout().toSeconds())
        .setIdleTimeoutUnit(TimeUnit.SECONDS)
        .setHttp2ClearTextEnabled(limits.http2Cleartext());
    OpenConnections open = vertx.sharedData().<String, OpenConnections>getLocalMap(CONNECTIONS)
        .computeIfAbsent(name, key -> new OpenConnections());
    Refusals refusals = new Refusals(name, List.of(TOO_MANY_CONNECTIONS, REQUEST_TIMEOUT));
    return vertx.createHttpServer(limited)
        .connectionHandler(connection -> admit(connection, open, limits, limited, refusals))
        .invalidRequestHandler(request -> refuseMalformed(request, name));
  }

  private static void admit(HttpConnection connection, OpenConnections open, HttpLimits limits, HttpServerOptions options,
      Refusals refusals) {
    if (open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      refusals.count(TOO_MANY_CONNECTIONS);
      connection.close();
      return;
    }
    connection.closeHandler(closed -> open.decrementAndGet());
    if (connection instanceof ConnectionBase base) {
      ChannelPipeline pipeline = base.channel().pipeline();
      if (pipeline.get(DECODER) instanceof VertxHttpRequestDecoder) { // HTTP/1; an HTTP/2 connection has frames instead
        pipeline.replace(DECODER, DECODER, new StrictRequestDecoder(options, limits.requestTimeout().toNanos(), refusals));
      }
    }
  }

  /** A request Netty could not make sense of: its status as Vert.x would pick it, in the shop's error shape, then close. */
  private static void refuseMalformed(HttpServerRequest request, String name) {
    long started = System.nanoTime();
    Throwable cause = request.decoderResult().cause();
    int status;
    String error;
    if (cause instanceof AmbiguousLength) {
      status = 400;
      error = cause.getMessage();
    } else if (cause instanceof TooLongHttpLineException) {
      status = 414;
      error = "the request line is too long";
    } else if (cause instanceof TooLongHttpHeaderException) {
      status = 431;
      error = "the request headers are too large";
    } else {
      status = 400;
      error = "malformed HTTP request";
    }
    HttpErrors.refuseAndClose(request, status, error);
    RequestLog.write(name, request.method().name(), request.path() == null ? "" : request.path(),
        request.remoteAddress() == null ? null : request.remoteAddress().hostAddress(), status, started, Span.current());
  }

  /** The connections a server (all its instances) holds now. */
  private static final class OpenConnections extends AtomicInteger implements Shareable {
  }

  /** Why a request with both lengths is refused: the two could frame its body differently. */
  private static final class AmbiguousLength extends IllegalArgumentException {
    AmbiguousLength() {
      super("a request may not have both Content-Length and Transfer-Encoding", null);
    }
  }

  /**
   * Vert.x's HTTP/1 decoder, on one connection, with the request deadline and the refusal of
   * ambiguous lengths. A request is under way from its first byte (a stray CRLF or a TLS hello
   * included) until its last content is decoded; if that takes longer than the deadline, the
   * connection is closed. A connection with nothing under way is the idle timeout's business.
   */
  private static final class StrictRequestDecoder extends VertxHttpRequestDecoder {
    private final long timeoutNanos;
    private final Refusals refusals;
    private ScheduledFuture<?> deadline;

    StrictRequestDecoder(HttpServerOptions options, long timeoutNanos, Refusals refusals) {
      super(options);
      this.timeoutNanos = timeoutNanos;
      this.refusals = refusals;
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, ByteBuf buffer, List<Object> out) throws Exception {
      if (deadline == null && buffer.isReadable()) {
        deadline = ctx.executor().schedule(() -> timedOut(ctx), timeoutNanos, TimeUnit.NANOSECONDS);
      }
      int decoded = out.size();
      super.decode(ctx, buffer, out);
      for (int i = decoded; i < out.size(); i++) {
        Object message = out.get(i);
        if (message instanceof HttpRequest request && request.decoderResult().isSuccess()
            && request.headers().contains(HttpHeaderNames.CONTENT_LENGTH)
            && request.headers().contains(HttpHeaderNames.TRANSFER_ENCODING)) {
          // a Transfer-Encoding other than chunked, which Netty lets its Content-Length frame
          request.setDecoderResult(DecoderResult.failure(new AmbiguousLength()));
        }
        if (message instanceof LastHttpContent && deadline != null) {
          deadline.cancel(false);
          deadline = null;
        }
      }
    }

    /** Netty's choice for a chunked request that also states a length is to drop the length; ours is to refuse it. */
    @Override
    protected void handleTransferEncodingChunkedWithContentLength(HttpMessage message) {
      throw new AmbiguousLength();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
      if (deadline != null) {
        deadline.cancel(false);
      }
      super.channelInactive(ctx);
    }

    private void timedOut(ChannelHandlerContext ctx) {
      refusals.count(REQUEST_TIMEOUT);
      ctx.channel().close();
    }
  }
}
