package io.microbs.ecommerce.loadgen.service;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.loadgen.TestStorefront;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.util.function.Predicate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The admin API as the management server mounts it: {@code /loadgen*}. */
@ExtendWith(VertxExtension.class)
class LoadgenAdminTest {
  private Vertx vertx;
  private TestStorefront shop;
  private WebClient client;
  private int managementPort;

  @BeforeEach
  void start(Vertx vertx) {
    this.vertx = vertx;
    shop = new TestStorefront(vertx).start().await();
    Router management = Router.router(vertx);
    management.route("/loadgen*").subRouter(LoadgenAdmin.router(vertx));
    managementPort = vertx.createHttpServer().requestHandler(management).listen(0, "127.0.0.1").await().actualPort();
    client = WebClient.create(vertx);
  }

  @Test
  void theLoadgenWaitsForTheShopThenRunsAndIsSteeredWithoutARestart() throws Exception {
    shop.unhealthy = true;
    vertx.deployVerticle(new LoadgenVerticle(shop.url(), 2, 0.05)).await();

    assertThat(call(HttpMethod.GET, "/loadgen", null).bodyAsJsonObject().getString("state")).isEqualTo("waiting");
    shop.unhealthy = false;
    JsonObject running = awaitStatus(status -> "running".equals(status.getString("state")) && status.getInteger("active") == 2);
    assertThat(running.getString("model")).isEqualTo("closed");

    JsonObject changed = call(HttpMethod.PUT, "/loadgen", "{\"users\": 4, \"think_time\": 1}").bodyAsJsonObject();
    assertThat(changed.getInteger("users")).isEqualTo(4);
    assertThat(changed.getDouble("think_time")).isEqualTo(1);
    awaitStatus(status -> status.getInteger("active") == 4
        && status.getJsonObject("report").getLong("requests") > 0);

    JsonObject spike = call(HttpMethod.PUT, "/loadgen/spike", null).bodyAsJsonObject();
    assertThat(spike.getBoolean("traffic_spike")).isTrue();
    assertThat(spike.getInteger("users")).isEqualTo(LoadgenVerticle.TRAFFIC_SPIKE_USERS);
    JsonObject calm = call(HttpMethod.DELETE, "/loadgen/spike", null).bodyAsJsonObject();
    assertThat(calm.getBoolean("traffic_spike")).isFalse();
    assertThat(calm.getInteger("users")).isEqualTo(4);

    JsonObject stopped = call(HttpMethod.POST, "/loadgen/stop", null).bodyAsJsonObject();
    assertThat(stopped.getString("state")).isEqualTo("stopped");
    assertThat(stopped.getJsonObject("report").getLong("errors")).isZero();
    assertThat(stopped.getJsonObject("report").getLong("requests")).isPositive();

    JsonObject open = call(HttpMethod.POST, "/loadgen/start", "{\"rate\": 5}").bodyAsJsonObject();
    assertThat(open.getString("model")).isEqualTo("open");
    assertThat(open.getDouble("rate")).isEqualTo(5);
    assertThat(call(HttpMethod.POST, "/loadgen/start", null).statusCode()).isEqualTo(409);
  }

  @Test
  void badInputIsRefusedWithTheReason() {
    vertx.deployVerticle(new LoadgenVerticle(shop.url(), 1, 0)).await();

    HttpResponse<Buffer> negative = call(HttpMethod.PUT, "/loadgen", "{\"users\": -1}");
    HttpResponse<Buffer> both = call(HttpMethod.PUT, "/loadgen", "{\"users\": 1, \"rate\": 2}");
    HttpResponse<Buffer> notJson = call(HttpMethod.PUT, "/loadgen", "users=3");

    assertThat(negative.statusCode()).isEqualTo(400);
    assertThat(negative.bodyAsJsonObject().getString("error")).contains("users must be a whole number from 0 to 10000");
    assertThat(both.statusCode()).isEqualTo(400);
    assertThat(both.bodyAsJsonObject().getString("error")).contains("not both");
    assertThat(notJson.statusCode()).isEqualTo(400);
    assertThat(notJson.bodyAsJsonObject().getString("error")).contains("JSON object");
  }

  @Test
  void withoutALoadgenInThisJvmTheApiSaysSo() {
    HttpResponse<Buffer> status = call(HttpMethod.GET, "/loadgen", null);

    assertThat(status.statusCode()).isEqualTo(404);
    assertThat(status.bodyAsJsonObject().getString("error")).contains("no loadgen runs in this JVM");
  }

  private HttpResponse<Buffer> call(HttpMethod method, String path, String body) {
    var request = client.request(method, managementPort, "127.0.0.1", path);
    return (body == null ? request.send() : request.sendBuffer(Buffer.buffer(body))).await();
  }

  private JsonObject awaitStatus(Predicate<JsonObject> condition) throws InterruptedException {
    JsonObject status = null;
    for (int attempt = 0; attempt < 50; attempt++) {
      status = call(HttpMethod.GET, "/loadgen", null).bodyAsJsonObject();
      if (condition.test(status)) {
        return status;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("the loadgen never reached the expected state; last status: " + status);
  }
}
