package io.microbs.ecommerce.webgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.RunningShop;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceRequest;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.bus.ServiceRouter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Past its capacity the web gateway refuses new visits at once, and the visits under way go on. */
class OverloadTest {
  private static final int LATENCY_MS = 100;
  private static final int INTERVAL_MS = 200;

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,content")
      .env("WEB_GATEWAY_OVERLOAD_LATENCY_MS", Integer.toString(LATENCY_MS))
      .env("WEB_GATEWAY_OVERLOAD_INTERVAL_MS", Integer.toString(INTERVAL_MS));

  private static HttpRequest<Buffer> get(String path, String cookie) {
    HttpRequest<Buffer> request = shop.client().request(HttpMethod.GET, shop.config().ports().webGateway(), "127.0.0.1", path);
    return cookie == null ? request : request.putHeader("cookie", cookie);
  }

  @Test
  void whenEvenTheQuickestAnswersAreLateNewVisitsAreRefused503WhileVisitsUnderWayGoOn() throws Exception {
    MessageConsumer<ServiceRequest> slowCatalogue = ServiceRouter.of(Service.PRODUCT, new JsonObject())
        .route(Set.of(HttpMethod.GET), "/documents", request -> {
          Promise<ServiceResponse> answer = Promise.promise();
          shop.vertx().setTimer(INTERVAL_MS + LATENCY_MS, late -> answer.complete(ServiceResponse.ok(new JsonObject())));
          return answer.future();
        })
        .listen(shop.vertx()).await();
    try {
      String cookie = get("/", null).send().await().cookies().get(0).split(";")[0];
      long refusedBefore = shop.refusedByTheWebGateway("overloaded_new_visit");
      List<Future<HttpResponse<Buffer>>> slow = IntStream.range(0, Overload.ANSWERS)
          .mapToObj(i -> get("/api/v1/product/documents", cookie).send()).toList();
      // images are answered at once whatever the load: they tell nothing of it, and must not pass for the quickest answer
      List<Future<HttpResponse<Buffer>>> images = IntStream.range(0, 3)
          .mapToObj(i -> get("/api/v1/content/sweet-tea.jpeg", cookie).send()).toList();
      images.forEach(answer -> assertThat(answer.await().statusCode()).isEqualTo(200));
      slow.forEach(answer -> assertThat(answer.await().statusCode()).isEqualTo(200)); // the last of them ends the interval

      long started = System.nanoTime();
      HttpResponse<Buffer> newVisit = get("/", null).send().await();
      long millis = (System.nanoTime() - started) / 1_000_000;
      HttpResponse<Buffer> underWay = get("/api/v1/content/sweet-tea.jpeg", cookie).send().await();

      assertThat(newVisit.statusCode()).isEqualTo(503);
      assertThat(newVisit.getHeader("retry-after")).isEqualTo("1");
      assertThat(newVisit.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "failure")
          .put("error", "the shop is busy; retry in a moment"));
      assertThat(millis).as("refused at once").isLessThan(INTERVAL_MS);
      assertThat(underWay.statusCode()).as("a visit under way").isEqualTo(200);
      assertThat(shop.refusedByTheWebGateway("overloaded_new_visit") - refusedBefore).isEqualTo(1);

      Thread.sleep(2L * INTERVAL_MS + 50); // no interval has ended since: nothing says it is overloaded any more
      assertThat(get("/", null).send().await().statusCode()).as("a new visit later").isEqualTo(200);
    } finally {
      slowCatalogue.unregister().await();
    }
  }
}
