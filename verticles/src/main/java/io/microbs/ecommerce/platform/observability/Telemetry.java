package io.microbs.ecommerce.platform.observability;

import io.opentelemetry.api.baggage.Baggage;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.ReadWriteSpan;
import io.opentelemetry.sdk.trace.ReadableSpan;
import io.opentelemetry.sdk.trace.SpanProcessor;
import io.vertx.core.Deployable;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.spi.VertxTracerFactory;
import io.vertx.core.spi.tracing.SpanKind;
import io.vertx.core.spi.tracing.TagExtractor;
import io.vertx.core.spi.tracing.VertxTracer;
import io.vertx.core.tracing.TracingPolicy;
import io.vertx.tracing.opentelemetry.OpenTelemetryOptions;
import io.vertx.tracing.opentelemetry.OpenTelemetryTracingFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Traces with OpenTelemetry, each span under the {@code service.name} of the service that made it,
 * in one JVM as in separate pods. Every service gets an SDK configured by the SDK's own
 * autoconfigure (so every {@code OTEL_*} variable works and wins), defaulting to the reference's
 * {@code OTLP_RECEIVER_HOST}/{@code OTLP_RECEIVER_PORT}, and exporting nothing when no exporter is
 * configured. Vert.x has one tracer per JVM: it routes each span to the SDK of the service whose
 * verticle context it starts on, which {@link #forService} marks at deployment.
 */
public final class Telemetry implements AutoCloseable {
  private static final String SERVICE = "ecommerce.service";
  private static final String SYNTHETIC = "synthetic_request";
  /** The attribute as a key made once: setting it by name made and hashed a new key on every span. */
  private static final AttributeKey<Boolean> SYNTHETIC_ATTRIBUTE = AttributeKey.booleanKey(SYNTHETIC);

  private final Map<String, OpenTelemetrySdk> sdks = new HashMap<>();
  private final Map<String, VertxTracer<Object, Object>> tracers = new HashMap<>();

  private Telemetry() {
  }

  /**
   * One SDK per service name; every span of {@code syntheticServices} is marked synthetic, and
   * {@code extraProcessors} see every span (tests collect them in memory).
   */
  public static Telemetry create(TelemetrySettings settings, Set<String> serviceNames, Set<String> syntheticServices,
      List<SpanProcessor> extraProcessors) {
    Telemetry telemetry = new Telemetry();
    for (String serviceName : serviceNames) {
      OpenTelemetrySdk sdk = AutoConfiguredOpenTelemetrySdk.builder()
          .addPropertiesSupplier(() -> defaults(settings, serviceName))
          .addResourceCustomizer((resource, properties) -> Resource.create(Attributes.builder()
                  .put("service.version", settings.serviceVersion())
                  .put("deployment.environment", settings.deploymentEnvironment())
                  .put("process.pid", ProcessHandle.current().pid())
                  .build())
              .merge(resource))
          .addTracerProviderCustomizer((builder, properties) -> {
            builder.addSpanProcessor(new SyntheticRequests(syntheticServices.contains(serviceName)));
            extraProcessors.forEach(builder::addSpanProcessor);
            return builder;
          })
          .disableShutdownHook()
          .build()
          .getOpenTelemetrySdk();
      telemetry.sdks.put(serviceName, sdk);
      @SuppressWarnings("unchecked")
      VertxTracer<Object, Object> tracer = (VertxTracer<Object, Object>)
          new OpenTelemetryTracingFactory(sdk).tracer(new OpenTelemetryOptions());
      telemetry.tracers.put(serviceName, tracer);
    }
    return telemetry;
  }

  private static Map<String, String> defaults(TelemetrySettings settings, String serviceName) {
    Map<String, String> defaults = new HashMap<>();
    defaults.put("otel.service.name", serviceName);
    defaults.put("otel.metrics.exporter", "none");
    defaults.put("otel.logs.exporter", "none");
    defaults.put("otel.traces.exporter", settings.otlpEndpoint().isEmpty() && !settings.otelExporterConfigured() ? "none" : "otlp");
    if (!settings.otlpEndpoint().isEmpty()) {
      // the reference's receiver: OTLP over gRPC
      defaults.put("otel.exporter.otlp.endpoint", settings.otlpEndpoint());
      defaults.put("otel.exporter.otlp.protocol", "grpc");
    }
    return defaults;
  }

  /**
   * The tracer factory for Vert.x: spans go to the SDK of the service whose context they start on;
   * HTTP requests for {@code untracedPaths} (probes) get none.
   */
  public VertxTracerFactory tracerFactory(Set<String> untracedPaths) {
    VertxTracer<Object, Object> router = new VertxTracer<>() {
      private VertxTracer<Object, Object> of(io.vertx.core.Context context) {
        Object service = context == null ? null : context.get(SERVICE);
        VertxTracer<Object, Object> tracer = service == null ? null : tracers.get(service);
        return tracer == null ? VertxTracer.NOOP : tracer;
      }

      @Override
      public <R> Object receiveRequest(io.vertx.core.Context context, SpanKind kind, TracingPolicy policy, R request,
          String operation, Iterable<Map.Entry<String, String>> headers, TagExtractor<R> tags) {
        if (request instanceof HttpServerRequest http && untracedPaths.contains(http.path())) {
          return null; // liveness probes, every few seconds from every prober, would drown the shop's traces
        }
        return of(context).receiveRequest(context, kind, policy, request, operation, headers, tags);
      }

      @Override
      public <R> void sendResponse(io.vertx.core.Context context, R response, Object payload, Throwable failure,
          TagExtractor<R> tags) {
        of(context).sendResponse(context, response, payload, failure, tags);
      }

      @Override
      public <R> Object sendRequest(io.vertx.core.Context context, SpanKind kind, TracingPolicy policy, R request,
          String operation, BiConsumer<String, String> headers, TagExtractor<R> tags) {
        return of(context).sendRequest(context, kind, policy, request, operation, headers, tags);
      }

      @Override
      public <R> void receiveResponse(io.vertx.core.Context context, R response, Object payload, Throwable failure,
          TagExtractor<R> tags) {
        of(context).receiveResponse(context, response, payload, failure, tags);
      }
    };
    return options -> router;
  }

  /** A tracer that makes spans under {@code service}'s name, for spans that no request starts; empty when this JVM doesn't run it. */
  public Optional<Tracer> tracer(String service, String instrumentation) {
    return Optional.ofNullable(sdks.get(service)).map(sdk -> sdk.getTracer(instrumentation));
  }

  /** Deploys {@code verticle} with its contexts marked as {@code service}'s, so its spans carry that service's name. */
  public static Deployable forService(String service, Deployable verticle) {
    return new Deployable() {
      @Override
      public io.vertx.core.Future<?> deploy(io.vertx.core.Context context) throws Exception {
        context.put(SERVICE, service);
        return verticle.deploy(context);
      }

      @Override
      public io.vertx.core.Future<?> undeploy(io.vertx.core.Context context) throws Exception {
        return verticle.undeploy(context);
      }
    };
  }

  /** Marks the current span failed, as the reference marks failures: status ERROR and {@code event.outcome=failure}. */
  public static void markFailure(Span span) {
    span.setStatus(StatusCode.ERROR);
    span.setAttribute("event.outcome", "failure");
  }

  @Override
  public void close() {
    sdks.values().forEach(OpenTelemetrySdk::close);
  }

  /**
   * Spans of synthetic traffic say so: the loadgen's own, and those of requests that carry the
   * baggage {@code synthetic_request=true}, as the OpenTelemetry demo marks them.
   */
  private static final class SyntheticRequests implements SpanProcessor {
    private final boolean allSynthetic;

    SyntheticRequests(boolean allSynthetic) {
      this.allSynthetic = allSynthetic;
    }

    @Override
    public void onStart(Context parentContext, ReadWriteSpan span) {
      if (allSynthetic || "true".equals(Baggage.fromContext(parentContext).getEntryValue(SYNTHETIC))) {
        span.setAttribute(SYNTHETIC_ATTRIBUTE, true);
      }
    }

    @Override
    public boolean isStartRequired() {
      return true;
    }

    @Override
    public void onEnd(ReadableSpan span) {
    }

    @Override
    public boolean isEndRequired() {
      return false;
    }
  }
}
