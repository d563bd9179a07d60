package io.microbs.ecommerce.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.RawHttp;
import io.microbs.ecommerce.RunningShop;
import io.microbs.ecommerce.Shop;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a client may hold of the shop's HTTP servers, tried over raw sockets: half-sent requests and
 * idle connections are closed, connections are capped, ambiguous lengths are refused, and HTTP/2
 * without TLS is off unless configured. The timeouts are short here (2 s and 4 s, defaults 10 s and 60 s).
 */
class HttpLimitsTest {
  private static final int REQUEST_TIMEOUT_SECONDS = 2;
  private static final int IDLE_TIMEOUT_SECONDS = 4;
  private static final int MAX_CONNECTIONS = 40;
  private static final Duration EARLY = Duration.ofMillis(50);

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,api-gateway,product,cart")
      .env("HTTP_REQUEST_TIMEOUT_SECONDS", Integer.toString(REQUEST_TIMEOUT_SECONDS))
      .env("HTTP_IDLE_TIMEOUT_SECONDS", Integer.toString(IDLE_TIMEOUT_SECONDS))
      .env("HTTP_MAX_CONNECTIONS", Integer.toString(MAX_CONNECTIONS));

  /** How late a close may come on a machine shared by several builds. */
  private static final Duration SLACK = Duration.ofMillis(1_500);
  private static final String SEARCH = "POST /api/v1/product/search HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n";


  private static List<Integer> servers() {
    return List.of(shop.config().ports().webGateway(), shop.config().ports().apiGateway(), shop.config().ports().management());
  }

  /** Runs the attempts on each server (both gateways, the management port): each must be closed {@code timeout} after it started. */
  private static void assertEveryServerClosesEachAfter(Duration timeout, Map<String, Function<RawHttp, Long>> attempts)
      throws Exception {
    for (int port : servers()) {
      Map<String, Duration> closed = timeToClose(attempts, port);

      System.out.println("closed after (port " + port + "): " + closed);
      // the server's clock starts as it accepts, a moment before the client's: closing a millisecond early is on time
      assertThat(closed).allSatisfy((attempt, after) -> assertThat(after).as(attempt)
          .isBetween(timeout.minus(EARLY), timeout.plus(SLACK)));
    }
  }

  /** Runs each attempt on a connection of its own, all at once, and answers how long each took to be closed. */
  private static Map<String, Duration> timeToClose(Map<String, Function<RawHttp, Long>> attempts, int port) throws Exception {
    ExecutorService threads = Executors.newCachedThreadPool();
    try {
      Map<String, CompletableFuture<Duration>> closed = new LinkedHashMap<>();
      attempts.forEach((name, attempt) -> closed.put(name, CompletableFuture.supplyAsync(() -> {
        try (RawHttp connection = RawHttp.connect(port)) {
          long started = attempt.apply(connection);
          return connection.awaitClose(started, Duration.ofSeconds(IDLE_TIMEOUT_SECONDS * 3));
        }
      }, threads)));
      Map<String, Duration> times = new LinkedHashMap<>();
      for (Map.Entry<String, CompletableFuture<Duration>> attempt : closed.entrySet()) {
        times.put(attempt.getKey(), attempt.getValue().get());
      }
      return times;
    } finally {
      threads.shutdownNow();
    }
  }

  /** Sends {@code text} and answers when it started: the request's first byte. */
  private static Function<RawHttp, Long> sending(String text) {
    return connection -> {
      long started = System.nanoTime();
      connection.send(text);
      return started;
    };
  }

  /** Sends {@code text} a byte every 300 ms, as slowloris does, until the server closes the connection. */
  private static Function<RawHttp, Long> trickling(String first, String text) {
    return connection -> {
      connection.send(first);
      if (!first.isEmpty()) {
        assertThat(connection.read(Duration.ofSeconds(5)).status()).isEqualTo(200);
      }
      long started = System.nanoTime();
      new Thread(() -> {
        for (char next : text.toCharArray()) {
          if (!connection.trySend(String.valueOf(next))) {
            return;
          }
          try {
            Thread.sleep(300);
          } catch (InterruptedException e) {
            return;
          }
        }
      }).start();
      return started;
    };
  }

  @Test
  void incompleteRequestsAreClosedOnceTheRequestTimeoutHasPassed() throws Exception {
    String slowHeaders = "GET / HTTP/1.1\r\nHost: shop\r\n" + "X-Padding: slowloris\r\n".repeat(20);
    Map<String, Function<RawHttp, Long>> attempts = new LinkedHashMap<>();
    attempts.put("an unterminated chunked body", sending(SEARCH + "Transfer-Encoding: chunked\r\n\r\n5\r\n{\"que"));
    attempts.put("a body shorter than its Content-Length", sending(SEARCH + "Content-Length: 40\r\n\r\n{\"query\""));
    attempts.put("a bare CRLF pair", sending("\r\n\r\n"));
    attempts.put("a TLS hello", sending("\u0016\u0003\u0001\u0000\u00a5\u0001\u0000\u0000\u00a1\u0003\u0003"));
    attempts.put("headers a byte at a time", trickling("", slowHeaders));
    attempts.put("a second request a byte at a time", trickling("GET /healthz HTTP/1.1\r\nHost: shop\r\n\r\n", slowHeaders));

    assertEveryServerClosesEachAfter(Duration.ofSeconds(REQUEST_TIMEOUT_SECONDS), attempts);
  }

  @Test
  void idleConnectionsAreClosedOnceTheIdleTimeoutHasPassed() throws Exception {
    Map<String, Function<RawHttp, Long>> attempts = new LinkedHashMap<>();
    attempts.put("a connection that never sends", connection -> System.nanoTime());
    attempts.put("a connection kept alive after a request", connection -> {
      long answered = System.nanoTime(); // no later than the answer, after which the connection is idle
      connection.send("GET /healthz HTTP/1.1\r\nHost: shop\r\n\r\n");
      assertThat(connection.read(Duration.ofSeconds(5)).status()).isEqualTo(200);
      return answered;
    });

    assertEveryServerClosesEachAfter(Duration.ofSeconds(IDLE_TIMEOUT_SECONDS), attempts);
  }

  @Test
  void aServerHoldsAtMostItsMaximumOfConnections() throws Exception {
    int port = shop.config().ports().apiGateway();
    List<RawHttp> held = new ArrayList<>();
    try {
      for (int i = 0; i < MAX_CONNECTIONS; i++) {
        RawHttp connection = RawHttp.connect(port).send("GET /healthz HTTP/1.1\r\nHost: shop\r\n\r\n");
        assertThat(connection.read(Duration.ofSeconds(5)).status()).as("connection %d", i + 1).isEqualTo(200);
        held.add(connection);
      }
      try (RawHttp oneTooMany = RawHttp.connect(port)) {
        oneTooMany.trySend("GET /healthz HTTP/1.1\r\nHost: shop\r\n\r\n");
        assertThat(oneTooMany.read(Duration.ofSeconds(5))).as("the answer to one connection too many").isNull();
      }

      held.remove(0).close();
      Thread.sleep(200); // the server notices the close

      try (RawHttp again = RawHttp.connect(port).send("GET /healthz HTTP/1.1\r\nHost: shop\r\n\r\n")) {
        assertThat(again.read(Duration.ofSeconds(5)).status()).isEqualTo(200);
      }
    } finally {
      held.forEach(RawHttp::close);
    }
  }

  @Test
  void aRequestWithBothContentLengthAndTransferEncodingIsRefusedWith400() {
    String session = "{\"session_id\":\"smuggler.signature\"}";
    for (String encoding : List.of("chunked", "identity", "gzip, chunked")) {
      for (int port : servers()) {
        try (RawHttp connection = RawHttp.connect(port)) {
          long started = System.nanoTime();
          connection.send("PUT /api/v1/cart/f95e2475/3 HTTP/1.1\r\nHost: shop\r\nContent-Type: application/json\r\n"
              + "Content-Length: " + session.length() + "\r\nTransfer-Encoding: " + encoding + "\r\n\r\n"
              + Integer.toHexString(session.length()) + "\r\n" + session + "\r\n0\r\n\r\n");

          RawHttp.Response refused = connection.read(Duration.ofSeconds(5));
          assertThat(refused.status()).as("%s on %d", encoding, port).isEqualTo(400);
          assertThat(new JsonObject(refused.body())).isEqualTo(new JsonObject().put("message", "failure")
              .put("error", "a request may not have both Content-Length and Transfer-Encoding"));
          connection.awaitClose(started, Duration.ofSeconds(5));
        }
      }
    }
    try (RawHttp connection = RawHttp.connect(shop.config().ports().apiGateway())) {
      connection.send("POST /api/v1/cart HTTP/1.1\r\nHost: shop\r\nConnection: close\r\nContent-Type: application/json\r\n"
          + "Content-Length: " + session.length() + "\r\n\r\n" + session);
      JsonObject cart = new JsonObject(connection.read(Duration.ofSeconds(5)).body());
      assertThat(cart.getJsonObject("data")).as("nothing was executed").isEmpty();
    }
  }

  @Test
  void malformedRequestsAreAnsweredInJson() {
    Map<String, Integer> malformed = Map.of(
        "GET /" + "a".repeat(10_000) + " HTTP/1.1\r\nHost: shop\r\n\r\n", 414,
        "GET / HTTP/1.1\r\nHost: shop\r\nX-Big: " + "b".repeat(10_000) + "\r\n\r\n", 431,
        "GET / HTTP/1.1\r\nHost: shop\r\nContent-Length: -5\r\n\r\n", 400);
    for (int port : servers()) {
      malformed.forEach((request, status) -> {
        try (RawHttp connection = RawHttp.connect(port).send(request)) {
          RawHttp.Response answer = connection.read(Duration.ofSeconds(5));

          assertThat(answer.status()).isEqualTo(status);
          assertThat(answer.header("content-type")).isEqualTo("application/json");
          assertThat(new JsonObject(answer.body()).getString("message")).isEqualTo("failure");
        }
      });
    }
  }

  @Test
  void cleartextHttp2IsOffUnlessConfigured() {
    for (int port : servers()) {
      try (RawHttp connection = RawHttp.connect(port).send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n")) {
        RawHttp.Response answer = connection.read(Duration.ofSeconds(5));

        // HTTP/2 would answer with a binary SETTINGS frame; HTTP/1 refuses the preface as a request it cannot serve
        assertThat(answer == null || answer.status() >= 400).as("a refusal of the HTTP/2 preface on %d", port).isTrue();
      }
    }

    Shop h2c = RunningShop.start(RunningShop.environment("SERVICES", "api-gateway", "HTTP2_CLEARTEXT", "true"));
    // held until the end: Vert.x closes a client nothing refers to any more, mid-request
    HttpClientAgent http2 = shop.clientVertx().createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));
    try {
      HttpClientResponse response = http2.request(HttpMethod.GET, h2c.config().ports().apiGateway(), "127.0.0.1", "/healthz")
          .compose(request -> request.send()).await();

      assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
      assertThat(response.statusCode()).isEqualTo(200);
    } finally {
      http2.close().await();
      h2c.stop().await();
    }
  }
}
