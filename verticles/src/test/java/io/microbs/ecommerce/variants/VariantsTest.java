package io.microbs.ecommerce.variants;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.microbs.ecommerce.Browser;
import io.microbs.ecommerce.RunningShop;
import io.microbs.ecommerce.platform.variants.Schedule;
import io.microbs.ecommerce.platform.variants.Variant;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.lang.management.ManagementFactory;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.time.Duration;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Every variant through the admin API of a running shop: switched on, its symptom shows over HTTP,
 * in the traces and in {@code /metrics}; switched off, the shop answers as before.
 */
class VariantsTest {
  private static final String SWEET_TEA = "f95e2475";
  private static final String CARD = "4242 4242 4242 4242";
  private static final String TOKEN = "test-admin-token";
  private static final InMemorySpanExporter exported = InMemorySpanExporter.create();
  // on every interface, so that bind-localhost has somewhere to move from
  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,api-gateway,product,cart,checkout,payment,content")
      .env("SERVICE_BIND_HOST", "0.0.0.0")
      .env("PAYMENT_TIMEOUT_MS", "1500")
      .exportingSpansTo(exported);

  @AfterEach
  void everythingOff() {
    assertThat(admin(HttpMethod.DELETE, "/variants", null).statusCode()).isEqualTo(200);
  }

  @Test
  void theAdminApiListsTheCatalogueAndRefusesWhatItCannotDo() {
    assertThat(shop.client().get(management(), "127.0.0.1", "/variants").send().await().statusCode()).as("no token").isEqualTo(401);
    JsonArray variants = admin(HttpMethod.GET, "/variants", null).bodyAsJsonObject().getJsonArray("variants");
    assertThat(variants.stream().map(v -> ((JsonObject) v).getString("name")))
        .containsExactlyElementsOf(Arrays.stream(Variant.values()).map(Variant::variantName).toList())
        .contains("basic-bug", "sql-syntax-error", "nginx-failure", "bind-localhost", "traffic-spike");
    assertThat(variants).allSatisfy(v -> {
      JsonObject variant = (JsonObject) v;
      assertThat(variant.getString("symptom")).isNotBlank();
      assertThat(variant.getJsonArray("expected_alerts")).isNotNull();
      assertThat(variant.getBoolean("on")).isFalse();
    });

    HttpResponse<Buffer> unknown = admin(HttpMethod.PUT, "/variants/no-such-thing", null);
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(unknown.bodyAsJsonObject().getString("error")).contains("no-such-thing");
    HttpResponse<Buffer> outOfRange = admin(HttpMethod.PUT, "/variants/error-rate", new JsonObject().put("rate", 2));
    assertThat(outOfRange.statusCode()).isEqualTo(400);
    assertThat(outOfRange.bodyAsJsonObject().getString("error")).contains("'rate'").contains("0 to 1");
    HttpResponse<Buffer> unknownParameter = admin(HttpMethod.PUT, "/variants/latency", new JsonObject().put("fixd_ms", 2));
    assertThat(unknownParameter.statusCode()).isEqualTo(400);
    assertThat(unknownParameter.bodyAsJsonObject().getString("error")).contains("'fixd_ms'");
    HttpResponse<Buffer> wrongService = admin(HttpMethod.PUT, "/variants/error-rate", new JsonObject().put("service", "bank"));
    assertThat(wrongService.statusCode()).isEqualTo(400);
    assertThat(wrongService.bodyAsJsonObject().getString("error")).contains("'service'");
    assertThat(shop.client().request(HttpMethod.PUT, management(), "127.0.0.1", "/variants/latency").putHeader("Authorization", "Bearer " + TOKEN)
        .sendBuffer(Buffer.buffer("[1")).await().statusCode()).as("not JSON").isEqualTo(400);
    assertThat(admin(HttpMethod.DELETE, "/variants/nope", null).statusCode()).isEqualTo(404);
    assertThat(admin(HttpMethod.GET, "/variants", null).bodyAsJsonObject().getJsonArray("variants").stream()
        .noneMatch(v -> ((JsonObject) v).getBoolean("on"))).as("nothing was switched on by a refused call").isTrue();
  }

  @Test
  void basicBugBurnsThenFailsTheDocumentsWithTheExceptionsMessage() {
    JsonObject on = switchOn("basic-bug", new JsonObject().put("burn_ms", 300));
    assertThat(on.getJsonObject("params")).isEqualTo(new JsonObject().put("burn_ms", 300).put("on_event_loop", false));
    assertThat(gauge("basic-bug", "product")).isEqualTo(1.0);

    String traceId = newTraceId();
    long started = System.nanoTime();
    HttpResponse<Buffer> documents = api(HttpMethod.POST, "/api/v1/product/documents", traceId, new JsonArray().add(SWEET_TEA).encode());
    assertThat(elapsed(started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
    assertThat(documents.statusCode()).isEqualTo(500);
    assertThat(documents.bodyAsJsonObject().getString("error")).isEqualTo("java.lang.ArithmeticException: / by zero");
    SpanData product = serverSpan(traceId, "product");
    assertThat(product.getStatus().getStatusCode()).isEqualTo(StatusCode.ERROR);
    assertThat(product.getAttributes().get(AttributeKey.stringKey("ecommerce.variant"))).isEqualTo("basic-bug");
    assertThat(product.getEvents()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception"));
    assertThat(api(HttpMethod.POST, "/api/v1/product/search", null, "{}").statusCode()).as("search is not hit").isEqualTo(200);

    switchOff("basic-bug");
    assertThat(api(HttpMethod.POST, "/api/v1/product/documents", null, new JsonArray().add(SWEET_TEA).encode()).statusCode())
        .isEqualTo(200);
    assertThat(gauge("basic-bug", "product")).isEqualTo(0.0);
  }

  @Test
  void basicBugOnTheEventLoopStallsEverythingOnThatLoop() {
    switchOn("basic-bug", new JsonObject().put("burn_ms", 600).put("on_event_loop", true));
    Supplier<io.vertx.core.Future<HttpResponse<Buffer>>> documents = () -> shop.client().post(apiGateway(), "127.0.0.1",
        "/api/v1/product/documents").putHeader("content-type", "application/json").sendBuffer(Buffer.buffer("[\"" + SWEET_TEA + "\"]"));
    long started = System.nanoTime();
    io.vertx.core.Future<HttpResponse<Buffer>> first = documents.get();
    io.vertx.core.Future<HttpResponse<Buffer>> second = documents.get();
    assertThat(first.await().statusCode()).isEqualTo(500);
    assertThat(second.await().statusCode()).isEqualTo(500);
    assertThat(elapsed(started)).as("one loop burns for both, one after the other").isGreaterThanOrEqualTo(Duration.ofMillis(1_200));
  }

  @Test
  void sqlSyntaxErrorFailsTheDocumentsByIdOnTheDatabaseSpanWhileSearchWorks() {
    switchOn("sql-syntax-error", null);
    String traceId = newTraceId();
    HttpResponse<Buffer> documents = api(HttpMethod.POST, "/api/v1/product/documents", traceId, "[\"" + SWEET_TEA + "\"]");
    assertThat(documents.statusCode()).isEqualTo(500);
    assertThat(documents.bodyAsJsonObject().getString("error")).contains("'" + SWEET_TEA + "'").contains("does not exist");
    List<SpanData> spans = spansOf(traceId);
    assertThat(spans).anySatisfy(span -> {
      assertThat(span.getAttributes().get(AttributeKey.stringKey("db.system"))).isEqualTo("postgresql");
      assertThat(span.getEvents()).anySatisfy(event -> assertThat(event.getAttributes()
          .get(AttributeKey.stringKey("exception.message"))).contains("(42703)"));
    });
    assertThat(serverSpan(traceId, "product").getAttributes().get(AttributeKey.stringKey("ecommerce.variant")))
        .isEqualTo("sql-syntax-error");
    assertThat(api(HttpMethod.POST, "/api/v1/product/documents", null, "").statusCode()).as("the whole catalogue").isEqualTo(200);
    assertThat(api(HttpMethod.POST, "/api/v1/product/search", null, "{\"query\":\"tea\"}").statusCode()).isEqualTo(200);
    assertThat(api(HttpMethod.POST, "/api/v1/product/suggestions", null, "{\"query\":\"tea\"}").statusCode()).isEqualTo(200);

    switchOff("sql-syntax-error");
    assertThat(api(HttpMethod.POST, "/api/v1/product/documents", null, "[\"" + SWEET_TEA + "\"]").statusCode()).isEqualTo(200);
  }

  @Test
  void nginxFailureRefusesEveryDeleteSoACheckoutIsChargedButItsCartStaysFull() {
    Browser shopper = shop.browser();
    shopper.setQuantity(SWEET_TEA, 2);
    shopper.setQuantity("d1030594", 1);
    switchOn("nginx-failure", null);

    assertThat(shopper.send("DELETE", "/api/v1/cart/d1030594", new JsonObject()).statusCode()).isEqualTo(403);
    HttpResponse<Buffer> checkout = shopper.checkout(CARD, null);
    assertThat(checkout.statusCode()).isEqualTo(403);
    Matcher orderId = Pattern.compile("order ([0-9a-f-]{36}) is paid").matcher(checkout.bodyAsJsonObject().getString("error"));
    assertThat(orderId.find()).as(checkout.bodyAsString()).isTrue();
    assertThat(shopper.get("/api/v1/checkout/orders/" + orderId.group(1)).bodyAsJsonObject().getString("status")).isEqualTo("paid");
    assertThat(shopper.cart().getMap()).containsKeys(SWEET_TEA, "d1030594");

    switchOff("nginx-failure");
    assertThat(shopper.send("DELETE", "/api/v1/cart/d1030594", new JsonObject()).statusCode()).isEqualTo(200);
  }

  @Test
  void bindLocalhostTakesTheApiGatewayAwayFromEveryOtherInterface() throws Exception {
    InetAddress outside = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
        .filter(nic -> !nic.getName().startsWith("lo"))
        .flatMap(nic -> Collections.list(nic.getInetAddresses()).stream())
        .filter(address -> address instanceof Inet4Address && !address.isLoopbackAddress())
        .findFirst().orElse(null);
    assumeTrue(outside != null, "needs an interface besides loopback");
    Supplier<Integer> fromOutside = () -> shop.client().get(apiGateway(), outside.getHostAddress(), "/healthz").send()
        .map(HttpResponse::statusCode).otherwise(0).await();
    assertThat(fromOutside.get()).isEqualTo(200);

    switchOn("bind-localhost", null);
    assertThat(eventually(() -> fromOutside.get() == 0)).as("refused on " + outside).isTrue();
    // a kept-alive connection from before the rebind is closed by it: the next one is the answer
    assertThat(eventually(() -> shop.client().get(apiGateway(), "127.0.0.1", "/healthz").send()
        .map(HttpResponse::statusCode).otherwise(0).await() == 200)).as("still served on 127.0.0.1").isTrue();

    switchOff("bind-localhost");
    assertThat(eventually(() -> fromOutside.get() == 200)).isTrue();
  }

  @Test
  void errorRateFailsTheShareOfTheRouteItIsAimedAt() {
    switchOn("error-rate", new JsonObject().put("rate", 1).put("route", "/search"));
    String traceId = newTraceId();
    assertThat(api(HttpMethod.POST, "/api/v1/product/search", traceId, "{}").statusCode()).isEqualTo(500);
    assertThat(serverSpan(traceId, "product").getAttributes().get(AttributeKey.stringKey("ecommerce.variant"))).isEqualTo("error-rate");
    assertThat(api(HttpMethod.POST, "/api/v1/product/documents", null, "").statusCode()).as("another route").isEqualTo(200);

    switchOn("error-rate", new JsonObject().put("rate", 0.5).put("service", "product"));
    long failed = 0;
    for (int i = 0; i < 200; i++) {
      failed += api(HttpMethod.POST, "/api/v1/product/search", null, "{}").statusCode() == 500 ? 1 : 0;
    }
    assertThat(failed).as("half of 200").isBetween(60L, 140L);
    assertThat(metrics()).containsPattern("ecommerce_requests_seconds_count\\{.*route=\"/search\".*service=\"product\",status=\"500\"");

    switchOff("error-rate");
    assertThat(api(HttpMethod.POST, "/api/v1/product/search", null, "{}").statusCode()).isEqualTo(200);
  }

  @Test
  void latencyDelaysTheRequestsOfItsService() {
    switchOn("latency", new JsonObject().put("service", "product").put("fixed_ms", 400).put("jitter_ms", 0));
    String traceId = newTraceId();
    long started = System.nanoTime();
    assertThat(api(HttpMethod.POST, "/api/v1/product/search", traceId, "{}").statusCode()).isEqualTo(200);
    assertThat(elapsed(started)).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    SpanData product = serverSpan(traceId, "product");
    assertThat(Duration.ofNanos(product.getEndEpochNanos() - product.getStartEpochNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(400));
    assertThat(product.getAttributes().get(AttributeKey.stringKey("ecommerce.variant"))).isEqualTo("latency");

    switchOff("latency");
    started = System.nanoTime();
    api(HttpMethod.POST, "/api/v1/product/search", null, "{}");
    assertThat(elapsed(started)).isLessThan(Duration.ofMillis(400));
  }

  @Test
  void paymentDeclinesTurnValidCardsDown() {
    switchOn("payment-declines", new JsonObject().put("rate", 1));
    Browser shopper = shop.browser();
    shopper.setQuantity(SWEET_TEA, 1);
    HttpResponse<Buffer> declined = shopper.checkout(CARD, null);
    assertThat(declined.statusCode()).isEqualTo(402);
    assertThat(declined.bodyAsJsonObject().getString("reason")).isEqualTo("Card declined");
    assertThat(shopper.cart().getMap()).containsKey(SWEET_TEA);

    switchOff("payment-declines");
    assertThat(shopper.checkout(CARD, null).statusCode()).isEqualTo(200);
  }

  @Test
  void paymentUnreachableTimesCheckoutOut() {
    switchOn("payment-unreachable", null);
    Browser shopper = shop.browser();
    shopper.setQuantity(SWEET_TEA, 1);
    long started = System.nanoTime();
    HttpResponse<Buffer> lost = shopper.checkout(CARD, null);
    assertThat(lost.statusCode()).isEqualTo(504);
    assertThat(elapsed(started)).as("PAYMENT_TIMEOUT_MS").isGreaterThanOrEqualTo(Duration.ofMillis(1_500));

    switchOff("payment-unreachable");
    assertThat(shopper.checkout(CARD, null).statusCode()).isEqualTo(200);
  }

  @Test
  void cpuBurnKeepsAWorkerThreadSpinningUntilSwitchedOff() throws Exception {
    double idle = coresUsedOverASecond();
    assertThat(shareOfTimeSpinning()).isZero();
    switchOn("cpu-burn", new JsonObject().put("share", 0.5));
    double burning = coresUsedOverASecond();
    // how much CPU the spinning thread gets depends on who else wants the machine's cores; that it spins does not
    double spinning = shareOfTimeSpinning();
    switchOff("cpu-burn");
    Thread.sleep(600); // the slice in progress ends
    double after = coresUsedOverASecond();
    System.out.printf("cpu-burn 0.5: a worker spinning %.0f%% of the time; %.2f cores used idle, %.2f burning, %.2f after%n",
        spinning * 100, idle, burning, after);
    assertThat(spinning).isGreaterThan(0.3);
    assertThat(shareOfTimeSpinning()).isZero();
  }

  /** The share of 40 looks, over two seconds, that find a thread inside the burn's spin loop. */
  private static double shareOfTimeSpinning() throws InterruptedException {
    int spinning = 0;
    for (int i = 0; i < 40; i++) {
      boolean found = Thread.getAllStackTraces().values().stream().anyMatch(stack -> java.util.Arrays.stream(stack)
          .anyMatch(frame -> frame.getClassName().endsWith(".CpuBurn") && frame.getMethodName().startsWith("spin")));
      spinning += found ? 1 : 0;
      Thread.sleep(50);
    }
    return spinning / 40.0;
  }

  @Test
  void memoryLeakKeepsHeapUntilSwitchedOffThenLetsItAllGo() throws Exception {
    long before = heapAfterGc();
    switchOn("memory-leak", new JsonObject().put("mib_per_minute", 900).put("cap_mib", 40));
    Thread.sleep(3_500);
    long leaking = heapAfterGc();
    switchOff("memory-leak");
    long after = heapAfterGc();
    System.out.printf("memory-leak 900 MiB/min: %d MiB before, %d leaking, %d after%n", before >> 20, leaking >> 20, after >> 20);
    assertThat(leaking - before).isGreaterThan(30L << 20);
    assertThat(after - before).isLessThan(10L << 20);
  }

  @Test
  void readinessFailureFailsReadyzWhileTheProcessStaysAlive() {
    switchOn("readiness-failure", null);
    assertThat(shop.client().get(management(), "127.0.0.1", "/readyz").send().await().statusCode()).isEqualTo(503);
    assertThat(shop.client().get(management(), "127.0.0.1", "/healthz").send().await().statusCode()).isEqualTo(200);

    switchOn("readiness-failure", new JsonObject().put("service", "loadgen"));
    assertThat(shop.client().get(management(), "127.0.0.1", "/readyz").send().await().statusCode()).as("not run here").isEqualTo(200);
  }

  @Test
  void poolExhaustionLeavesTheServiceWaitingForConnections() {
    switchOn("pool-exhaustion", null);
    long started = System.nanoTime();
    assertThat(api(HttpMethod.POST, "/api/v1/product/search", null, "{}").statusCode()).isIn(503, 504);
    assertThat(elapsed(started)).isGreaterThanOrEqualTo(Duration.ofMillis(1_900));
    assertThat(metrics()).containsPattern("vertx_pool_in_use\\{pool_name=\"product\",pool_type=\"sql\"\\} 8.0");

    switchOff("pool-exhaustion");
    assertThat(api(HttpMethod.POST, "/api/v1/product/search", null, "{}").statusCode()).isEqualTo(200);
    assertThat(eventually(() -> metrics().contains("vertx_pool_in_use{pool_name=\"product\",pool_type=\"sql\"} 0.0"))).isTrue();
  }

  @Test
  void slowQueriesMakePostgresqlSleepBeforeEachCatalogueQuery() {
    switchOn("slow-queries", new JsonObject().put("sleep_ms", 500));
    String traceId = newTraceId();
    long started = System.nanoTime();
    assertThat(api(HttpMethod.POST, "/api/v1/product/search", traceId, "{}").statusCode()).isEqualTo(200);
    assertThat(elapsed(started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    assertThat(spansOf(traceId)).anySatisfy(span -> {
      assertThat(span.getAttributes().get(AttributeKey.stringKey("db.system"))).isEqualTo("postgresql");
      assertThat(Duration.ofNanos(span.getEndEpochNanos() - span.getStartEpochNanos())).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    });

    switchOff("slow-queries");
    started = System.nanoTime();
    api(HttpMethod.POST, "/api/v1/product/search", null, "{}");
    assertThat(elapsed(started)).isLessThan(Duration.ofMillis(500));
  }

  @Test
  void cartDataUnavailableFailsCartsAndReadiness() {
    Browser shopper = shop.browser();
    shopper.setQuantity(SWEET_TEA, 1);
    switchOn("cart-data-unavailable", null);
    HttpResponse<Buffer> cart = shopper.send("POST", "/api/v1/cart", new JsonObject());
    assertThat(cart.statusCode()).isEqualTo(503);
    assertThat(cart.bodyAsJsonObject().getString("error")).isEqualTo("cart-data is unavailable");
    assertThat(shop.client().get(management(), "127.0.0.1", "/readyz").send().await().statusCode()).isEqualTo(503);

    switchOff("cart-data-unavailable");
    assertThat(shopper.cart().getMap()).containsEntry(SWEET_TEA, "1");
    assertThat(shop.client().get(management(), "127.0.0.1", "/readyz").send().await().statusCode()).isEqualTo(200);
  }

  @Test
  void slowImagesDelayEveryImage() {
    switchOn("slow-images", new JsonObject().put("delay_ms", 500));
    long started = System.nanoTime();
    HttpResponse<Buffer> image = shop.client().get(shop.config().ports().webGateway(), "127.0.0.1", "/api/v1/content/sweet-tea.jpeg").send().await();
    assertThat(elapsed(started)).isGreaterThanOrEqualTo(Duration.ofMillis(500));
    assertThat(image.statusCode()).isEqualTo(200);

    switchOff("slow-images");
    started = System.nanoTime();
    shop.client().get(shop.config().ports().webGateway(), "127.0.0.1", "/api/v1/content/sweet-tea.jpeg").send().await();
    assertThat(elapsed(started)).isLessThan(Duration.ofMillis(500));
  }

  @Test
  void everySwitchLeavesItsAnswerKey() {
    switchOn("latency", new JsonObject().put("fixed_ms", 10));
    switchOff("latency");

    JsonArray history = admin(HttpMethod.GET, "/variants/history", null).bodyAsJsonObject().getJsonArray("history");
    List<JsonObject> latency = history.stream().map(JsonObject.class::cast).filter(e -> e.getString("variant").equals("latency")).toList();
    assertThat(latency.subList(latency.size() - 2, latency.size())).satisfiesExactly(
        on -> {
          assertThat(on.getString("state")).isEqualTo("on");
          assertThat(on.getJsonObject("params").getInteger("fixed_ms")).isEqualTo(10);
          assertThat(on.getString("member")).endsWith(":" + management());
          assertThat(on.getString("time")).isNotBlank();
          assertThat(on.getString("expected")).isNotBlank();
        },
        off -> assertThat(off.getString("state")).isEqualTo("off"));
    assertThat(exported.getFinishedSpanItems()).anySatisfy(span -> {
      assertThat(span.getName()).isEqualTo("variant latency on");
      assertThat(span.getResource().getAttribute(AttributeKey.stringKey("service.name"))).isEqualTo("product");
      assertThat(span.getEvents()).anySatisfy(event -> assertThat(event.getName()).isEqualTo("ecommerce.variant.on"));
    });
    JsonObject described = admin(HttpMethod.GET, "/variants", null).bodyAsJsonObject();
    assertThat(described.getJsonArray("members")).singleElement()
        .satisfies(member -> assertThat(((JsonObject) member).getJsonArray("services")).contains("product"));
  }

  @Test
  void theSchedulerWithOneSeedGivesTheSameTimelineTwice() throws Exception {
    JsonObject request = new JsonObject().put("seed", 42).put("interval_seconds", 0.4).put("hold_min_seconds", 0.1)
        .put("hold_max_seconds", 0.3).put("variants", new JsonArray().add("latency").add("slow-images").add("error-rate"));
    List<String> first = scheduledTimeline(request);
    List<String> second = scheduledTimeline(request);
    System.out.println("seed 42: " + first + " then " + second);
    int common = Math.min(first.size(), second.size());
    assertThat(common).isGreaterThanOrEqualTo(6);
    assertThat(second.subList(0, common)).isEqualTo(first.subList(0, common));
    List<String> planned = Schedule.from(request).plan(common / 2).stream()
        .flatMap(step -> java.util.stream.Stream.of(step.variant() + " on", step.variant() + " off")).toList();
    assertThat(first.subList(0, planned.size())).isEqualTo(planned);
  }

  /** Runs the schedule for about two seconds and gives its switches as "variant on|off", in order. */
  private static List<String> scheduledTimeline(JsonObject request) throws InterruptedException {
    int before = admin(HttpMethod.GET, "/variants/history", null).bodyAsJsonObject().getJsonArray("history").size();
    assertThat(admin(HttpMethod.PUT, "/variants/schedule", request).statusCode()).isEqualTo(200);
    Thread.sleep(2_000);
    assertThat(admin(HttpMethod.DELETE, "/variants/schedule", null).bodyAsJsonObject().getBoolean("running")).isFalse();
    JsonArray history = admin(HttpMethod.GET, "/variants/history", null).bodyAsJsonObject().getJsonArray("history");
    return history.stream().skip(before).map(JsonObject.class::cast)
        .peek(entry -> assertThat(entry.getLong("seed")).isEqualTo(42L))
        .map(entry -> entry.getString("variant") + " " + entry.getString("state")).toList();
  }

  @Test
  void switchingOffRestoresTheShopExactly() throws Exception {
    List<String> toggled = Arrays.stream(Variant.values()).map(Variant::variantName)
        .filter(name -> !name.equals("traffic-spike") && !name.equals("member-isolated")).toList();
    for (String name : toggled) { // warm up: classes loaded, pools filled, first timers made
      toggle(name);
    }
    long heapBefore = heapAfterGc();
    java.util.Set<String> namesBefore = threadNames();
    int threadsBefore = ManagementFactory.getThreadMXBean().getThreadCount();
    String poolsBefore = pools();
    for (int i = 0; i < 20; i++) {
      for (String name : toggled) {
        toggle(name);
      }
    }
    long heapAfter = heapAfterGc();
    int threadsAfter = ManagementFactory.getThreadMXBean().getThreadCount();
    String poolsAfter = pools();
    System.out.printf("restore check, %d variants on and off 20 times: heap after GC %d KiB -> %d KiB, threads %d -> %d, "
        + "pools %s -> %s%n", toggled.size(), heapBefore >> 10, heapAfter >> 10, threadsBefore, threadsAfter, poolsBefore, poolsAfter);
    assertThat(heapAfter - heapBefore).as("heap after GC").isLessThan(8L << 20);
    java.util.Set<String> added = threadNames();
    added.removeAll(namesBefore);
    // Vert.x starts the threads of its worker pool (20 at most) as work first needs them, and keeps them
    assertThat(added).as("threads other than Vert.x's workers").allMatch(name -> name.startsWith("vert.x-worker-thread-"));
    assertThat(threadNames().stream().filter(name -> name.startsWith("vert.x-worker-thread-"))).hasSizeLessThanOrEqualTo(20);
    assertThat(poolsAfter).as("pool connections in use").isEqualTo(poolsBefore);
  }

  /** On, one request that meets it, off. */
  private static void toggle(String name) {
    JsonObject params = switch (name) {
      case "basic-bug" -> new JsonObject().put("burn_ms", 1);
      case "latency" -> new JsonObject().put("fixed_ms", 1).put("jitter_ms", 0);
      case "slow-queries" -> new JsonObject().put("sleep_ms", 1);
      case "slow-images" -> new JsonObject().put("delay_ms", 1);
      case "pool-exhaustion" -> new JsonObject().put("connections", 1);
      default -> new JsonObject();
    };
    switchOn(name, params);
    // bind-localhost closes the gateway's connections as it moves, as a restart would
    shop.client().post(apiGateway(), "127.0.0.1", "/api/v1/product/documents").putHeader("content-type", "application/json")
        .sendBuffer(Buffer.buffer("[\"" + SWEET_TEA + "\"]"))
        .otherwiseEmpty().await();
    switchOff(name);
  }

  private static java.util.Set<String> threadNames() {
    return Thread.getAllStackTraces().keySet().stream().map(Thread::getName).collect(java.util.stream.Collectors.toSet());
  }

  /**
   * What {@code /metrics} says of the connections the SQL pools have in use, once the checkout's background queries
   * (its order gauges, its reconciler) are done, at most 5 s later: a snapshot taken while one ran counted its
   * connections as in use. A connection leaked stays in use, and the comparison still fails.
   */
  private static String pools() throws InterruptedException {
    List<String> inUse = sqlPoolsInUse();
    for (long end = System.nanoTime() + 5_000_000_000L; System.nanoTime() < end
        && !inUse.stream().allMatch(line -> line.endsWith(" 0.0")); inUse = sqlPoolsInUse()) {
      Thread.sleep(50);
    }
    return inUse.toString();
  }

  private static List<String> sqlPoolsInUse() {
    return metrics().lines().filter(line -> line.startsWith("vertx_pool_in_use{") && line.contains("pool_type=\"sql\""))
        .sorted().toList();
  }

  private static JsonObject switchOn(String name, JsonObject params) {
    HttpResponse<Buffer> response = admin(HttpMethod.PUT, "/variants/" + name, params);
    assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(200);
    return response.bodyAsJsonObject();
  }

  private static void switchOff(String name) {
    assertThat(admin(HttpMethod.DELETE, "/variants/" + name, null).statusCode()).isEqualTo(200);
  }

  private static HttpResponse<Buffer> admin(HttpMethod method, String path, JsonObject body) {
    var request = shop.client().request(method, management(), "127.0.0.1", path).putHeader("Authorization", "Bearer " + TOKEN);
    return (body == null ? request.send() : request.sendJsonObject(body)).await();
  }

  private static HttpResponse<Buffer> api(HttpMethod method, String path, String traceId, String body) {
    var request = shop.client().request(method, apiGateway(), "127.0.0.1", path);
    if (traceId != null) {
      request.putHeader("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01");
    }
    return request.putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body)).await();
  }

  private static String metrics() {
    return shop.client().get(management(), "127.0.0.1", "/metrics").send().await().bodyAsString();
  }

  private static double gauge(String variant, String service) {
    Matcher value = Pattern.compile("ecommerce_variant_active\\{service=\"" + service + "\",variant=\"" + variant + "\"\\} (\\S+)")
        .matcher(metrics());
    assertThat(value.find()).as("the gauge of %s on %s", variant, service).isTrue();
    return Double.parseDouble(value.group(1));
  }

  private static int management() {
    return shop.config().ports().management();
  }

  private static int apiGateway() {
    return shop.config().ports().apiGateway();
  }

  private static String newTraceId() {
    return UUID.randomUUID().toString().replace("-", "");
  }

  private static List<SpanData> spansOf(String traceId) {
    eventually(() -> exported.getFinishedSpanItems().stream()
        .anyMatch(span -> span.getTraceId().equals(traceId) && span.getParentSpanId().equals("00f067aa0ba902b7")));
    return exported.getFinishedSpanItems().stream().filter(span -> span.getTraceId().equals(traceId)).toList();
  }

  private static SpanData serverSpan(String traceId, String service) {
    return spansOf(traceId).stream()
        .filter(span -> service.equals(span.getResource().getAttribute(AttributeKey.stringKey("service.name")))
            && span.getKind() == io.opentelemetry.api.trace.SpanKind.SERVER)
        .findFirst().orElseThrow(() -> new AssertionError("no server span of " + service + " in " + spansOf(traceId)));
  }

  private static boolean eventually(Supplier<Boolean> condition) {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (condition.get()) {
        return true;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return false;
  }

  private static Duration elapsed(long since) {
    return Duration.ofNanos(System.nanoTime() - since);
  }

  private static double coresUsedOverASecond() throws InterruptedException {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    long cpu = os.getProcessCpuTime();
    long started = System.nanoTime();
    Thread.sleep(1_000);
    return (double) (os.getProcessCpuTime() - cpu) / (System.nanoTime() - started);
  }

  private static long heapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(100);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }
}
