package io.microbs.ecommerce.platform.observability;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * One logfmt line per request, as the reference writes them, with the trace and span ids of the
 * request's span so a log line leads to its trace:
 * {@code ts=… level=info msg="POST /process" service=checkout method=POST path=/process status=200
 * duration_ms=3.1 endpoint="POST /process" traceID=… spanID=…}. Bodies, query strings and cookies
 * are never written. Not vertx-web's LoggerHandler: its formatter makes one string, where these are key-value
 * pairs that the logfmt layout, and any other appender, read as attributes.
 */
public final class RequestLog {
  private static final Logger LOG = LoggerFactory.getLogger(RequestLog.class);

  private RequestLog() {
  }

  /**
   * A gateway router's first handler: marks the request's span failed when the answer is an error,
   * and when the response ends, measures it (under the route {@code routeOf} names, a template) and
   * logs it as {@code service}'s.
   */
  public static Handler<RoutingContext> http(String service, Function<RoutingContext, String> routeOf) {
    RequestMetrics metrics = new RequestMetrics(service);
    return ctx -> {
      long started = System.nanoTime();
      Span span = Span.current();
      HttpServerRequest request = ctx.request();
      ctx.response().headersEndHandler(headers -> {
        if (ctx.response().getStatusCode() >= 400) {
          Telemetry.markFailure(span);
        }
      });
      ctx.addEndHandler(ended -> {
        int status = ctx.response().getStatusCode();
        metrics.record(routeOf.apply(ctx), request.method(), status, started, span);
        write(service, request.method().name(), request.path(), request.remoteAddress() == null
            ? null : request.remoteAddress().hostAddress(), status, started, span);
      });
      ctx.next();
    };
  }

  /** Logs a request that {@code service} answered; {@code ip} is the caller's, when it came over HTTP (else null). */
  public static void write(String service, String method, String path, String ip, int status, long startedNanos, Span span) {
    if (!LOG.isInfoEnabled()) {
      return; // LOG_LEVEL is warn or error: no request lines, the failed ones included
    }
    double millis = (System.nanoTime() - startedNanos) / 100_000 / 10.0;
    LoggingEventBuilder line = LOG.atLevel(status >= 500 ? Level.ERROR : Level.INFO)
        .setMessage(method + " " + path)
        .addKeyValue("service", service);
    if (ip != null) {
      line = line.addKeyValue("ip", ip);
    }
    line = line.addKeyValue("method", method)
        .addKeyValue("path", path)
        .addKeyValue("status", status)
        .addKeyValue("duration_ms", millis);
    SpanContext context = span.getSpanContext();
    if (context.isValid()) {
      line = line.addKeyValue("endpoint", span instanceof io.opentelemetry.sdk.trace.ReadableSpan readable ? readable.getName() : "")
          .addKeyValue("traceID", context.getTraceId())
          .addKeyValue("spanID", context.getSpanId());
    }
    line.log();
  }
}
