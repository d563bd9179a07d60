package io.microbs.ecommerce.webgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.RunningShop;
import io.microbs.ecommerce.Shop;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceRequest;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.bus.ServiceRouter;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web gateway's limits, set low here: a client may make 1 request a second after a burst of 10
 * and start a session a second after 2; the gateway works on 4 requests at once, and admits a new
 * visit while 2 prompt ones are in flight. Clients are told apart by their first {@code X-Forwarded-For}
 * hop, as behind a proxy the gateway is told to trust.
 */
class PublicLimitsTest {
  private static final int BURST = 10;
  private static final int SESSION_BURST = 2;
  private static final int MAX_IN_FLIGHT = 4;
  private static final int NEW_VISIT_IN_FLIGHT = 2;
  private static final InMemorySpanExporter exported = InMemorySpanExporter.create();
  private static final AtomicInteger clients = new AtomicInteger();


  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,product,cart")
      .env("WEB_GATEWAY_REQUESTS_PER_SECOND", "1").env("WEB_GATEWAY_REQUEST_BURST", Integer.toString(BURST))
      .env("WEB_GATEWAY_SESSIONS_PER_SECOND", "1").env("WEB_GATEWAY_SESSION_BURST", Integer.toString(SESSION_BURST))
      .env("WEB_GATEWAY_MAX_IN_FLIGHT", Integer.toString(MAX_IN_FLIGHT))
      .env("WEB_GATEWAY_NEW_VISIT_IN_FLIGHT", Integer.toString(NEW_VISIT_IN_FLIGHT)).env("WEB_GATEWAY_TRUST_FORWARDED_FOR", "true")
      .exportingSpansTo(exported);

  /** A client of its own, as its proxy names it: {@code X-Forwarded-For: <client>, <proxy>}. */
  private static String newClient() {
    return "203.0.113." + clients.incrementAndGet();
  }

  private static HttpRequest<Buffer> from(String clientAddress, HttpMethod method, String path) {
    return shop.client().request(method, shop.config().ports().webGateway(), "127.0.0.1", path)
        .putHeader("x-forwarded-for", clientAddress + ", 10.0.0.7");
  }

  private static void assertASpanSaysRefused(String reason) {
    assertThat(exported.getFinishedSpanItems()).anySatisfy(span -> {
      assertThat(span.getAttributes().get(AttributeKey.stringKey("ecommerce.refused"))).isEqualTo(reason);
      assertThat(span.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    });
  }

  @Test
  void aClientBeyondItsRateIsAnswered429WithRetryAfter() throws Exception {
    String greedy = newClient();
    long refusedBefore = shop.refusedByTheWebGateway("rate_limited");
    long started = System.nanoTime();
    List<Integer> statuses = new ArrayList<>();
    HttpResponse<Buffer> limited = null;
    while (limited == null && statuses.size() < 3 * BURST) {
      HttpResponse<Buffer> response = from(greedy, HttpMethod.GET, "/css/index.css").send().await();
      statuses.add(response.statusCode());
      limited = response.statusCode() == 429 ? response : null;
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;

    assertThat(limited).as("a 429 among %s", statuses).isNotNull();
    assertThat(statuses.size() - 1).as("answered before the first 429: the burst and what refilled meanwhile")
        .isBetween(BURST, BURST + (int) seconds + 1);
    assertThat(limited.getHeader("retry-after")).isEqualTo("1");
    assertThat(limited.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "failure")
        .put("error", "too many requests from this client; retry after 1 s"));
    assertThat(from(newClient(), HttpMethod.GET, "/css/index.css").send().await().statusCode()).as("another client").isEqualTo(200);
    assertThat(from(greedy, HttpMethod.GET, "/healthz").send().await().statusCode()).as("probes are not limited").isEqualTo(200);
    Thread.sleep(1_100);
    assertThat(from(greedy, HttpMethod.GET, "/css/index.css").send().await().statusCode()).as("a second later").isEqualTo(200);
    assertThat(shop.refusedByTheWebGateway("rate_limited") - refusedBefore).isEqualTo(1);
    assertASpanSaysRefused("rate_limited");
  }

  @Test
  void requestsBeyondTheCapInFlightAreRefused503AtOnce() {
    try (HeldRequests held = HeldRequests.images(MAX_IN_FLIGHT)) {
      long refusedBefore = shop.refusedByTheWebGateway("overloaded");

      long started = System.nanoTime();
      HttpResponse<Buffer> shed = held.fromAVisitUnderWay(HttpMethod.GET, "/css/index.css").send().await();
      long millis = (System.nanoTime() - started) / 1_000_000;
      held.release();

      assertThat(shed.statusCode()).isEqualTo(503);
      assertThat(shed.getHeader("retry-after")).isEqualTo("1");
      assertThat(shed.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "failure")
          .put("error", "the shop is busy; retry in a moment"));
      assertThat(millis).as("refused at once, not queued").isLessThan(1_000);
      assertThat(held.answers()).allSatisfy(request -> assertThat(request.await().statusCode()).isEqualTo(200));
      assertThat(from(newClient(), HttpMethod.GET, "/css/index.css").send().await().statusCode()).as("once they are done").isEqualTo(200);
      assertThat(shop.refusedByTheWebGateway("overloaded") - refusedBefore).isEqualTo(1);
      assertASpanSaysRefused("overloaded");
    }
  }

  @Test
  void newVisitsAreRefusedWhileThePromptRequestsInFlightStayBeyondTheLimitTheRestIsKeptForTheVisitsUnderWay() throws Exception {
    try (HeldRequests held = HeldRequests.images(NEW_VISIT_IN_FLIGHT + 1)) {
      long refusedBefore = shop.refusedByTheWebGateway("overloaded_new_visit");
      Thread.sleep(Crowding.PATIENCE.toMillis() + 50); // longer than a stall's burst: an overload

      long started = System.nanoTime();
      HttpResponse<Buffer> newVisit = from(newClient(), HttpMethod.GET, "/").send().await();
      long millis = (System.nanoTime() - started) / 1_000_000;
      HttpResponse<Buffer> underWay = held.fromAVisitUnderWay(HttpMethod.GET, "/css/index.css").send().await();
      held.release();

      assertThat(newVisit.statusCode()).isEqualTo(503);
      assertThat(newVisit.getHeader("retry-after")).isEqualTo("1");
      assertThat(millis).as("refused at once, not queued").isLessThan(1_000);
      assertThat(underWay.statusCode()).as("a visit under way, in the room kept for them").isEqualTo(200);
      assertThat(held.answers()).allSatisfy(request -> assertThat(request.await().statusCode()).isEqualTo(200));
      assertThat(from(newClient(), HttpMethod.GET, "/").send().await().statusCode()).as("a new visit once they are done").isEqualTo(200);
      assertThat(shop.refusedByTheWebGateway("overloaded_new_visit") - refusedBefore).isEqualTo(1);
      assertASpanSaysRefused("overloaded_new_visit");
    }
  }

  @Test
  void checkoutsWaitingForThePaymentDoNotKeepNewVisitsOut() {
    try (HeldRequests held = HeldRequests.checkouts(NEW_VISIT_IN_FLIGHT + 1)) {
      HttpResponse<Buffer> newVisit = from(newClient(), HttpMethod.GET, "/").send().await();
      held.release();

      assertThat(newVisit.statusCode()).as("a new visit while the checkouts wait for the payment, not for the shop").isEqualTo(200);
      assertThat(held.answers()).allSatisfy(request -> assertThat(request.await().statusCode()).isEqualTo(200));
    }
  }

  /**
   * Requests of visits under way (each its own client with its session), held in flight until released: images, or
   * checkouts, as while they wait for the payment.
   */
  private record HeldRequests(MessageConsumer<ServiceRequest> slowService, List<Promise<ServiceResponse>> held,
                              List<Future<HttpResponse<Buffer>>> answers, String client, String cookie) implements AutoCloseable {
    static HeldRequests images(int count) {
      return hold(count, Service.CONTENT, HttpMethod.GET, "/:filename", "/api/v1/content/sweet-tea.jpeg");
    }

    static HeldRequests checkouts(int count) {
      return hold(count, Service.CHECKOUT, HttpMethod.POST, "/process", "/api/v1/checkout/process");
    }

    private static HeldRequests hold(int count, Service service, HttpMethod method, String servicePath, String gatewayPath) {
      List<Promise<ServiceResponse>> held = new CopyOnWriteArrayList<>();
      Promise<Void> allHeld = Promise.promise();
      MessageConsumer<ServiceRequest> slowService = ServiceRouter.of(service, new JsonObject())
          .route(Set.of(method), servicePath, request -> {
            Promise<ServiceResponse> answer = Promise.promise();
            held.add(answer);
            if (held.size() == count) {
              allHeld.complete();
            }
            return answer.future();
          })
          .listen(shop.vertx()).await();
      List<String> sessions = new ArrayList<>();
      List<String> visitors = new ArrayList<>();
      for (int i = 0; i <= count; i++) {
        String visitor = newClient();
        visitors.add(visitor);
        sessions.add(from(visitor, HttpMethod.GET, "/").send().await().cookies().get(0).split(";")[0]);
      }
      List<Future<HttpResponse<Buffer>>> answers = new ArrayList<>();
      for (int i = 0; i < count; i++) {
        HttpRequest<Buffer> request = from(visitors.get(i), method, gatewayPath).putHeader("cookie", sessions.get(i));
        answers.add(method == HttpMethod.GET ? request.send() : request.sendJsonObject(new JsonObject()));
      }
      allHeld.future().await();
      return new HeldRequests(slowService, held, answers, visitors.get(count), sessions.get(count));
    }

    /** A request of one more visit under way, with its session. */
    HttpRequest<Buffer> fromAVisitUnderWay(HttpMethod method, String path) {
      return from(client, method, path).putHeader("cookie", cookie);
    }

    void release() {
      shop.vertx().runOnContext(now -> held.forEach(answer -> answer.tryComplete(ServiceResponse.ok(new JsonObject()))));
    }

    @Override
    public void close() {
      release();
      slowService.unregister().await();
    }
  }

  @Test
  void aClientStartsNewSessionsAtItsRateOnly() {
    String visitor = newClient();
    long started = System.nanoTime();
    List<HttpResponse<Buffer>> pages = new ArrayList<>();
    while (pages.isEmpty() || !pages.get(pages.size() - 1).cookies().isEmpty() && pages.size() < 10) {
      pages.add(from(visitor, HttpMethod.GET, "/").send().await());
    }
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    HttpResponse<Buffer> withoutSession = pages.get(pages.size() - 1);
    HttpResponse<Buffer> change = from(visitor, HttpMethod.PUT, "/api/v1/cart/f95e2475/1").send().await();

    assertThat(pages.size() - 1).as("pages with a new session").isBetween(SESSION_BURST, SESSION_BURST + (int) seconds + 1);
    assertThat(withoutSession.statusCode()).as("beyond the rate, the page still").isEqualTo(200);
    assertThat(withoutSession.cookies()).isEmpty();
    assertThat(change.statusCode()).as("a change that needs a new session").isEqualTo(429);
    assertThat(change.getHeader("retry-after")).isEqualTo("1");
    assertThat(change.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "failure")
        .put("error", "too many new sessions from this client; retry after 1 s"));

    String cookie = pages.get(0).cookies().get(0).split(";")[0];
    HttpResponse<Buffer> withItsSession = from(visitor, HttpMethod.PUT, "/api/v1/cart/f95e2475/1").putHeader("cookie", cookie)
        .send().await();
    assertThat(withItsSession.statusCode()).as("a session it has goes on").isEqualTo(200);
    assertThat(from(newClient(), HttpMethod.GET, "/").send().await().cookies()).as("another client").hasSize(1);
    assertASpanSaysRefused("sessions_rate_limited");
  }

  @Test
  void withoutTrustTheForwardedForHeaderNamesNoClient() {
    Shop untrusting = RunningShop.start(RunningShop.environment("SERVICES", "web-gateway",
        "WEB_GATEWAY_REQUESTS_PER_SECOND", "1", "WEB_GATEWAY_REQUEST_BURST", Integer.toString(BURST)));
    try {
      List<Integer> statuses = new ArrayList<>();
      for (int i = 0; i < BURST + 5; i++) {
        statuses.add(shop.client().get(untrusting.config().ports().webGateway(), "127.0.0.1", "/css/index.css")
            .putHeader("x-forwarded-for", newClient()).send().await().statusCode());
      }

      assertThat(statuses).as("one client, whatever it says it forwards for").contains(429);
    } finally {
      untrusting.stop().await();
    }
  }
}
