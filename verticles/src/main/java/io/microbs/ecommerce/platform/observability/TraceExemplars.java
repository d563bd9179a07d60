package io.microbs.ecommerce.platform.observability;

import io.opentelemetry.api.trace.Span;
import io.prometheus.metrics.tracer.common.SpanContext;

/**
 * Where the Prometheus registry finds the trace of the request it is recording, to keep as an
 * exemplar on the histogram bucket: the current OpenTelemetry span, when it is sampled (a trace
 * the exporter sends, when one is configured).
 */
public final class TraceExemplars implements SpanContext {
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
