package io.microbs.ecommerce.platform.observability;

import io.micrometer.core.instrument.Clock;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.opentelemetry.api.trace.Span;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.tracer.common.SpanContext;
import java.util.Properties;

/**
 * Where the Prometheus registry finds the trace of the request it is recording, to keep as an
 * exemplar on the histogram bucket: the current OpenTelemetry span, when it is sampled (a trace
 * the exporter sends, when one is configured).
 */
public final class TraceExemplars implements SpanContext {
  /**
   * Exemplars on histogram buckets only, not on their {@code _count} as Micrometer puts them by
   * default: Prometheus before 2.43 (Debian's is 2.42) rejects the whole scrape for one there.
   */
  private static final PrometheusConfig ON_BUCKETS_ONLY = new PrometheusConfig() {
    @Override
    public String get(String key) {
      return null; // the defaults
    }

    @Override
    public Properties prometheusProperties() {
      Properties properties = PrometheusConfig.super.prometheusProperties();
      properties.setProperty("io.prometheus.exporter.exemplarsOnAllMetricTypes", "false");
      return properties;
    }
  };

  private TraceExemplars() {
  }

  /** A registry whose latency buckets each keep a recent request's trace and span ids. */
  public static PrometheusMeterRegistry registry() {
    return new PrometheusMeterRegistry(ON_BUCKETS_ONLY, new PrometheusRegistry(), Clock.SYSTEM, new TraceExemplars());
  }

  @Override
  public String getCurrentTraceId() {
    io.opentelemetry.api.trace.SpanContext current = Span.current().getSpanContext();
    return current.isValid() ? current.getTraceId() : null;
  }

  @Override
  public String getCurrentSpanId() {
    io.opentelemetry.api.trace.SpanContext current = Span.current().getSpanContext();
    return current.isValid() ? current.getSpanId() : null;
  }

  @Override
  public boolean isCurrentSpanSampled() {
    return Span.current().getSpanContext().isSampled();
  }

  @Override
  public void markCurrentSpanAsExemplar() {
    // the span already says everything a trace view needs; nothing to add
  }
}
