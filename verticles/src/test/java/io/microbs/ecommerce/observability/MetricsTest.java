package io.microbs.ecommerce.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.RunningShop;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code /metrics} on the management port, in Prometheus text, counting what the shop did: the
 * services and the gateways alike, under routes a person can read, with traces on the latency buckets.
 */
class MetricsTest {
  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,api-gateway,product");

  private String scrape() {
    return shop.client().get(shop.config().ports().management(), "127.0.0.1", "/metrics").send().await().bodyAsString();
  }

  private void call(HttpMethod method, String path) {
    shop.client().request(method, shop.config().ports().apiGateway(), "127.0.0.1", path).sendJsonObject(new JsonObject()).await();
  }

  private static long count(String metrics, String series) {
    Matcher value = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
    return value.find() ? (long) Double.parseDouble(value.group(1)) : 0;
  }

  @Test
  void everyReasonAServerCanRefuseForIsCountedFromZeroBeforeTheFirstRefusal() {
    String metrics = scrape();

    for (String server : List.of("web-gateway", "api-gateway", "management")) {
      for (String reason : List.of("too_many_connections", "request_timeout")) {
        assertThat(metrics).as(server + " " + reason)
            .containsPattern("(?m)^ecommerce_requests_refused_total\\{reason=\"" + reason + "\",service=\"" + server + "\",?} 0\\.0$");
      }
    }
    for (String reason : List.of("rate_limited", "sessions_rate_limited", "overloaded", "overloaded_new_visit", "cross_site")) {
      assertThat(metrics).as(reason)
          .containsPattern("(?m)^ecommerce_requests_refused_total\\{reason=\"" + reason + "\",service=\"web-gateway\",?} 0\\.0$");
    }
  }

  @Test
  void requestsAreCountedPerServiceRouteAndStatusWithLatencyHistograms() {
    String series = "ecommerce_requests_seconds_count{method=\"POST\",route=\"/search\",service=\"product\",status=\"200\"}";
    String failures = "ecommerce_requests_seconds_count{method=\"POST\",route=\"/search\",service=\"product\",status=\"400\"}";
    long before = count(scrape(), series);
    long failuresBefore = count(scrape(), failures);

    for (int i = 0; i < 7; i++) {
      shop.client().post(shop.config().ports().apiGateway(), "127.0.0.1", "/api/v1/product/search").sendJsonObject(new JsonObject()).await();
    }
    shop.client().post(shop.config().ports().apiGateway(), "127.0.0.1", "/api/v1/product/search")
        .sendJsonObject(new JsonObject().put("query", 1)).await();
    String metrics = scrape();

    assertThat(count(metrics, series) - before).isEqualTo(7);
    assertThat(count(metrics, failures) - failuresBefore).isEqualTo(1);
    assertThat(metrics).contains("ecommerce_requests_seconds_bucket{method=\"POST\",route=\"/search\",service=\"product\",status=\"200\",le=");
  }

  @Test
  void theGatewayMeasuresWhatItAnswersUnderTheServiceItRoutesToWhereverThatServiceRuns() {
    String searches = "ecommerce_requests_seconds_count{method=\"POST\",route=\"/api/v1/product\",service=\"api-gateway\",status=\"200\"}";
    // cart runs in no JVM here: the gateway answers 503, and says so in its own series
    String carts = "ecommerce_requests_seconds_count{method=\"PUT\",route=\"/api/v1/cart\",service=\"api-gateway\",status=\"503\"}";
    String unknown = "ecommerce_requests_seconds_count{method=\"GET\",route=\"/api/v1/{service}\",service=\"api-gateway\",status=\"404\"}";
    String before = scrape();

    call(HttpMethod.POST, "/api/v1/product/search");
    call(HttpMethod.POST, "/api/v1/product/search");
    call(HttpMethod.PUT, "/api/v1/cart/f95e2475/2");
    call(HttpMethod.GET, "/api/v1/made-up-3f9a/anything");
    String metrics = scrape();

    assertThat(count(metrics, searches) - count(before, searches)).isEqualTo(2);
    assertThat(count(metrics, carts) - count(before, carts)).isEqualTo(1);
    assertThat(count(metrics, unknown) - count(before, unknown)).isEqualTo(1);
    assertThat(metrics).doesNotContain("made-up-3f9a").doesNotContain("f95e2475").doesNotContain(":service").doesNotContain(">");
  }

  @Test
  void aScraperThatReadsOpenMetricsGetsTheTraceOfARecentRequestOnEachLatencyBucket() {
    call(HttpMethod.POST, "/api/v1/product/search");

    var scraped = shop.client().get(shop.config().ports().management(), "127.0.0.1", "/metrics")
        .putHeader("accept", "application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5").send().await();

    assertThat(scraped.getHeader("content-type")).startsWith("application/openmetrics-text");
    assertThat(scraped.bodyAsString())
        .containsPattern("ecommerce_requests_seconds_bucket\\{method=\"POST\",route=\"/api/v1/product\",service=\"api-gateway\","
            + "status=\"200\",le=\"[0-9.]+\"} [0-9.]+ # \\{span_id=\"[0-9a-f]{16}\",trace_id=\"[0-9a-f]{32}\"} ")
        .endsWith("# EOF\n")
        // Prometheus before 2.43 (Debian's 2.42) rejects a whole scrape with an exemplar on a _count
        .doesNotContainPattern("_count\\{[^}]*} \\S+ # \\{");
  }

  @Test
  void readinessTheEventLoopsAndTheJvmAreSeriesAnAlertCanRead() {
    String metrics = scrape();

    assertThat(count(metrics, "ecommerce_ready")).isEqualTo(1);
    assertThat(metrics)
        .contains("ecommerce_event_loop_delay_seconds_bucket{loop=\"0\",le=\"0.5\"}")
        .contains("ecommerce_log_lines_dropped_total ")
        .contains("jvm_memory_used_bytes{area=\"heap\"");
  }

  @Test
  void theHttpStackTheEventBusThePoolsAndTheJvmAreMeasuredToo() {
    shop.client().get(shop.config().ports().apiGateway(), "127.0.0.1", "/api/v1/product/documents").send().await();

    assertThat(scrape())
        .contains("vertx_http_server_requests_total")
        .contains("vertx_eventbus_processed_total{address=\"ecommerce.product\"")
        .contains("vertx_pool_")
        .contains("jvm_memory_used_bytes");
  }
}
