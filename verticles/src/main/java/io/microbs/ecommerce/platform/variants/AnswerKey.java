package io.microbs.ecommerce.platform.variants;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.observability.Telemetry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.context.Context;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.LoggingEventBuilder;

/**
 * What every switch leaves behind, so a demo or an evaluation can score what a monitoring tool
 * caught: in every member that applies a change, a logfmt line, a span under the target service's
 * name (when it runs there) and the gauge {@code ecommerce_variant_active}; from the member that
 * made the switch, an entry in the cluster's timeline ({@code GET /variants/history}).
 */
final class AnswerKey {
  private static final Logger LINE = LoggerFactory.getLogger("answer-key");
  private final String member;
  private final Telemetry telemetry;
  private final MeterRegistry metrics;
  private final Snapshot snapshot;
  private final ClusterState cluster;
  private final Set<String> gauges = ConcurrentHashMap.newKeySet();

  AnswerKey(String member, Telemetry telemetry, MeterRegistry metrics, Snapshot snapshot, ClusterState cluster) {
    this.member = member;
    this.telemetry = telemetry;
    this.metrics = metrics;
    this.snapshot = snapshot;
    this.cluster = cluster;
  }

  /** The gauge of every variant for the service it acts on by default, 0 until it is on. */
  void registerGauges() {
    for (Variant variant : Variant.values()) {
      gauge(variant, variant.service());
    }
  }

  /** The answer key of a change this member applied to its snapshot. */
  void applied(Snapshot.Change change) {
    gauge(change.variant().variant(), change.variant().service());
    writeLine(change.variant(), change.state());
    trace(change.variant(), change.state());
  }

  /** Appends the switch to the cluster's timeline: time, member, variant, state, parameters, seed. */
  Future<Void> recordInHistory(ActiveVariant variant, String state) {
    return cluster.appendToHistory(new JsonObject()
        .put("time", variant.since().toString())
        .put("member", member)
        .put("variant", variant.name())
        .put("state", state)
        .put("service", variant.service().serviceName())
        .put("params", variant.params())
        .put("seed", variant.seed())
        .put("expected", variant.variant().symptom()));
  }

  /** The logfmt line, written by every member as it applies a change, on a logger LOG_LEVEL leaves at info. */
  private void writeLine(ActiveVariant variant, String state) {
    LoggingEventBuilder line = LINE.atInfo()
        .setMessage("variant " + variant.name() + " " + state)
        .addKeyValue("variant", variant.name())
        .addKeyValue("state", state)
        .addKeyValue("service", variant.service().serviceName())
        .addKeyValue("params", variant.params().encode())
        .addKeyValue("expected", variant.variant().symptom())
        .addKeyValue("switched_by", variant.member())
        .addKeyValue("member", member);
    if (variant.seed() != null) {
      line = line.addKeyValue("seed", variant.seed());
    }
    line.log();
  }

  /** A span of the target service (when this JVM runs it), with an event saying what changed. */
  private void trace(ActiveVariant variant, String state) {
    telemetry.tracer(variant.service().serviceName(), AnswerKey.class.getPackageName()).ifPresent(tracer -> {
      Span span = tracer.spanBuilder("variant " + variant.name() + " " + state).setParent(Context.root()).startSpan();
      Attributes attributes = Attributes.builder()
          .put(ActiveVariant.SPAN_ATTRIBUTE, variant.name())
          .put("ecommerce.variant.state", state)
          .put("ecommerce.variant.params", variant.params().encode())
          .put("ecommerce.variant.expected", variant.variant().symptom())
          .build();
      span.setAllAttributes(attributes);
      span.addEvent("ecommerce.variant." + state, attributes);
      span.end();
    });
  }

  private void gauge(Variant variant, Service service) {
    if (gauges.add(variant + " " + service)) {
      Gauge.builder("ecommerce.variant.active", () -> snapshot.activeFor(variant, service).isPresent() ? 1 : 0)
          .description("1 while the variant is on for the service, in this member's view")
          .tags("variant", variant.variantName(), "service", service.serviceName())
          .register(metrics);
    }
  }
}
