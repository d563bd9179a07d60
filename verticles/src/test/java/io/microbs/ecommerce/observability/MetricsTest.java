package io.microbs.ecommerce.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.RunningShop;
import io.vertx.core.json.JsonObject;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** {@code /metrics} on the management port, in Prometheus text, counting what the shop did. */
class MetricsTest {
  @RegisterExtension
  static final RunningShop shop = RunningShop.with("api-gateway,product");

  private String scrape() {
    return shop.client().get(shop.config().ports().management(), "127.0.0.1", "/metrics").send().await().bodyAsString();
  }

  private static long count(String metrics, String series) {
    Matcher value = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(metrics);
    return value.find() ? (long) Double.parseDouble(value.group(1)) : 0;
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
  void theHttpStackTheEventBusThePoolsAndTheJvmAreMeasuredToo() {
    shop.client().get(shop.config().ports().apiGateway(), "127.0.0.1", "/api/v1/product/documents").send().await();

    assertThat(scrape())
        .contains("vertx_http_server_requests_total")
        .contains("vertx_eventbus_processed_total{address=\"ecommerce.product\"")
        .contains("vertx_pool_")
        .contains("jvm_memory_used_bytes");
  }
}
