package io.microbs.ecommerce.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.Browser;
import io.microbs.ecommerce.RunningShop;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What the shop's traces say about a purchase, collected in memory from the real services. */
class TracingTest {
  private static final String CARD = "4242 4242 4242 4242";
  private static final InMemorySpanExporter exported = InMemorySpanExporter.create();

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,api-gateway,product,cart,checkout,payment")
      .env("SERVICE_VERSION", "1.2.3").env("DEPLOYMENT_ENVIRONMENT", "test").exportingSpansTo(exported);

  private static String service(SpanData span) {
    return span.getResource().getAttribute(AttributeKey.stringKey("service.name"));
  }

  /** The caller's side of a trace: requests carry {@code traceparent(traceId)}, so their spans can be told from others. */
  private static final String CALLER_SPAN = "00f067aa0ba902b7";

  private static String traceparent(String traceId) {
    return "00-" + traceId + "-" + CALLER_SPAN + "-01";
  }

  private static String newTraceId() {
    return java.util.UUID.randomUUID().toString().replace("-", "");
  }

  /** The finished spans of one trace, once its gateway span (the caller's child, which ends last) has ended. */
  private static List<SpanData> spansOf(String traceId) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline && exported.getFinishedSpanItems().stream()
        .noneMatch(span -> span.getTraceId().equals(traceId) && span.getParentSpanId().equals(CALLER_SPAN))) {
      Thread.sleep(20);
    }
    return exported.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
  }

  private Browser shopperWithSweetTea() {
    Browser browser = shop.browser();
    browser.setQuantity("f95e2475", 1);
    return browser;
  }

  @Test
  void aPurchaseIsOneTraceWithASpanTreeAcrossEveryServiceUnderItsOwnName() throws Exception {
    String traceId = newTraceId();
    shopperWithSweetTea().checkout(CARD, null, traceparent(traceId));
    List<SpanData> spans = spansOf(traceId);

    assertThat(spans.stream().map(TracingTest::service).collect(Collectors.toSet()))
        .containsExactlyInAnyOrder("web-gateway", "checkout", "payment", "cart", "product");
    Set<String> ids = spans.stream().map(SpanData::getSpanId).collect(Collectors.toSet());
    List<SpanData> roots = spans.stream().filter(span -> !ids.contains(span.getParentSpanId())).toList();
    assertThat(roots).singleElement().satisfies(root -> {
      assertThat(service(root)).isEqualTo("web-gateway");
      assertThat(root.getKind()).isEqualTo(SpanKind.SERVER);
      assertThat(root.getName()).isEqualTo("POST /api/v1/checkout");
      assertThat(root.getParentSpanId()).isEqualTo(CALLER_SPAN);
    });
    assertThat(spans).anySatisfy(span -> {
      assertThat(service(span)).isEqualTo("checkout");
      assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
      assertThat(span.getName()).isEqualTo("POST /process");
    });
    assertThat(spans).anySatisfy(span -> assertDatabaseSpan(span, "checkout", "postgresql"));
    assertThat(spans).anySatisfy(span -> assertDatabaseSpan(span, "product", "postgresql"));
    assertThat(spans).anySatisfy(span -> assertDatabaseSpan(span, "cart", "redis"));
    assertThat(spans).anySatisfy(span -> assertDatabaseSpan(span, "web-gateway", "redis"));
    assertThat(spans).allSatisfy(span -> {
      assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.version"))).isEqualTo("1.2.3");
      assertThat(span.getResource().getAttribute(AttributeKey.stringKey("deployment.environment"))).isEqualTo("test");
      assertThat(span.getStatus().getStatusCode()).isNotEqualTo(StatusCode.ERROR);
    });
  }

  private static void assertDatabaseSpan(SpanData span, String service, String system) {
    assertThat(service(span)).isEqualTo(service);
    assertThat(span.getKind()).isEqualTo(SpanKind.CLIENT);
    assertThat(span.getAttributes().get(AttributeKey.stringKey("db.system"))).isEqualTo(system);
  }

  @Test
  void anIncomingTraceparentIsContinuedThroughTheApiGateway() throws Exception {
    String traceId = newTraceId();
    HttpResponse<Buffer> response = shop.client()
        .post(shop.config().ports().apiGateway(), "127.0.0.1", "/api/v1/product/search")
        .putHeader("traceparent", traceparent(traceId))
        .sendJsonObject(new JsonObject().put("query", "tea")).await();
    List<SpanData> spans = spansOf(traceId);

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(spans).anySatisfy(span -> {
      assertThat(service(span)).isEqualTo("api-gateway");
      assertThat(span.getParentSpanId()).isEqualTo(CALLER_SPAN);
    });
    assertThat(spans.stream().map(TracingTest::service)).contains("product");
  }

  @Test
  void aDeclinedPaymentMarksTheSpansOnItsWayAsFailures() throws Exception {
    String traceId = newTraceId();
    shopperWithSweetTea().checkout("4242 4242 4242 4241", null, traceparent(traceId));
    List<SpanData> spans = spansOf(traceId);

    for (String service : List.of("payment", "checkout", "web-gateway")) {
      assertThat(spans).as(service).anySatisfy(span -> {
        assertThat(service(span)).isEqualTo(service);
        assertThat(span.getKind()).isEqualTo(SpanKind.SERVER);
        assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
        assertThat(span.getAttributes().get(AttributeKey.stringKey("event.outcome"))).isEqualTo("failure");
      });
    }
  }

  @Test
  void syntheticTrafficIsMarkedOnEverySpan() throws Exception {
    String traceId = newTraceId();
    shop.client().post(shop.config().ports().webGateway(), "127.0.0.1", "/api/v1/product/search")
        .putHeader("traceparent", traceparent(traceId))
        .putHeader("baggage", "synthetic_request=true")
        .sendJsonObject(new JsonObject()).await();
    List<SpanData> spans = spansOf(traceId);

    assertThat(spans.stream().map(TracingTest::service)).contains("web-gateway", "product");
    assertThat(spans).allSatisfy(span ->
        assertThat(span.getAttributes().get(AttributeKey.booleanKey("synthetic_request"))).isTrue());
  }

  @Test
  void cardDetailsAndSessionsNeverReachSpanAttributes() throws Exception {
    Browser browser = shopperWithSweetTea();
    String traceId = newTraceId();
    browser.checkout(CARD, null, traceparent(traceId));
    List<SpanData> spans = spansOf(traceId);
    String session = browser.sessionCookie();

    String everything = spans.stream().map(span -> span.getName() + " " + span.getAttributes()).collect(Collectors.joining("\n"));
    assertThat(everything).doesNotContain("4242").doesNotContain("security_code").doesNotContain("123")
        .doesNotContain(session.substring(0, 36));
  }
}
