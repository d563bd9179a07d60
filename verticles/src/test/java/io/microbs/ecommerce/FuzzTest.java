package io.microbs.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Tuple;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A seeded fuzz of every route of both gateways and the management port: malformed requests of every
 * kind (methods, paths with traversal forms, headers, content types, framings, bodies of wrong type,
 * size and encoding), written by hand on sockets. None may be answered with a 5xx or take more than
 * 5 s, every 4xx under {@code /api} carries the JSON error, and no refused request changes a cart or an
 * order: each worker fuzzes with a shopper of its own (a web session and an api-gateway session, each
 * with a cart and an order) and checks their carts after every refusal.
 *
 * <p>Before the random cases come the schema's own: every route's valid body with each field at every level (and
 * the body itself) replaced by null, a value of each wrong type, or an empty one, or left out, through both gateways.
 *
 * <p>{@code -Dfuzz.seed=N} replays a run; {@code -Dfuzz.cases=N} sets the number of random cases.
 */
class FuzzTest {
  private static final long SEED = Long.getLong("fuzz.seed", 20_261_127L);
  private static final int CASES = Integer.getInteger("fuzz.cases", 5_000);
  private static final int WORKERS = 8;
  private static final Duration PATIENCE = Duration.ofSeconds(5);
  private static final String SWEET_TEA = "f95e2475";
  private static final String COFFEE = "d1030594";
  private static final String CARD = "4242 4242 4242 4242";


  private enum Target { WEB, API, MANAGEMENT }

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,api-gateway,product,cart,checkout,payment,content,loadgen")
      .env("NUM_VIRTUAL_USERS", "0");

  /** A worker's shopper: a web session (cookie) and an api-gateway session, each with a cart and a placed order. */
  private static final class Victim {
    final String cookie;
    final String webSession;
    final String apiSession;
    final List<String> orderIds;
    final Map<String, JsonObject> carts = new ConcurrentHashMap<>();
    final AtomicInteger acceptedCheckouts = new AtomicInteger();
    final AtomicInteger refusalsChecked = new AtomicInteger();

    Victim(String cookie, String apiSession, List<String> orderIds) {
      this.cookie = cookie;
      this.webSession = cookie.substring("session_id=".length(), "session_id=".length() + 36);
      this.apiSession = apiSession;
      this.orderIds = orderIds;
    }
  }

  /** One malformed request: where it goes, its bytes, and whose cart it may touch (null: nobody's). */
  private record Case(int index, Target target, String method, String path, byte[] bytes, String touchedSession) {
    boolean underApi() {
      return path.startsWith("/api") || path.contains("/api/");
    }
  }

  @Test
  void malformedRequestsGetNoServerErrorNoSlowAnswerJsonErrorsAndChangeNothing() throws Exception {
    ExecutorService workers = Executors.newFixedThreadPool(WORKERS);
    List<Future<Victim>> shoppers = new ArrayList<>();
    for (int worker = 0; worker < WORKERS; worker++) {
      int mine = worker;
      shoppers.add(workers.submit(() -> newVictim(mine)));
    }
    List<Victim> victims = new ArrayList<>();
    for (Future<Victim> shopper : shoppers) {
      victims.add(shopper.get());
    }
    Random random = new Random(SEED);
    List<Case> cases = new ArrayList<>();
    for (Target target : List.of(Target.WEB, Target.API)) {
      for (Template template : TEMPLATES) {
        for (Object body : mutations(template.body())) {
          cases.add(mutatedCase(cases.size(), target, template, body, victims.get(cases.size() % WORKERS)));
        }
      }
    }
    int mutated = cases.size();
    for (int i = 0; i < CASES; i++) {
      cases.add(newCase(cases.size(), random, victims.get(cases.size() % WORKERS)));
    }

    Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
    List<String> failures = new CopyOnWriteArrayList<>();
    AtomicLong slowest = new AtomicLong();
    long started = System.nanoTime();
    List<Future<?>> running = new ArrayList<>();
    for (int worker = 0; worker < WORKERS; worker++) {
      int mine = worker;
      running.add(workers.submit(() -> {
        for (int i = mine; i < cases.size(); i += WORKERS) {
          run(cases.get(i), victims.get(mine), outcomes, failures, slowest);
        }
      }));
    }
    for (Future<?> worker : running) {
      worker.get();
    }
    workers.shutdown();
    long seconds = (System.nanoTime() - started) / 1_000_000_000L;
    for (Victim victim : victims) {
      checkOrders(victim, failures);
    }

    System.out.printf("fuzz: seed %d, %d cases (%d of them mutated bodies) in %d s, slowest answer %d ms, %d refusals checked"
        + " against a cart, outcomes %s%n", SEED, cases.size(), mutated, seconds, slowest.get(),
        victims.stream().mapToInt(victim -> victim.refusalsChecked.get()).sum(), new TreeMap<>(outcomes));
    assertThat(cases).hasSizeGreaterThanOrEqualTo(2_000);
    assertThat(mutated).isGreaterThan(1_000);
    assertThat(failures).as("seed %d", SEED).isEmpty();
  }

  private static void run(Case fuzz, Victim victim, Map<String, AtomicInteger> outcomes, List<String> failures, AtomicLong slowest) {
    long started = System.nanoTime();
    RawHttp.Response answer;
    try (RawHttp connection = RawHttp.connect(port(fuzz.target))) {
      connection.send(fuzz.bytes);
      answer = fuzz.method.equals("HEAD") ? connection.readHead(PATIENCE) : connection.read(PATIENCE);
      while (answer != null && answer.status() == 100) {
        answer = connection.read(PATIENCE);
      }
    } catch (AssertionError | RuntimeException e) {
      failures.add(describe(fuzz) + ": " + e.getMessage());
      return;
    }
    long millis = (System.nanoTime() - started) / 1_000_000;
    slowest.accumulateAndGet(millis, Math::max);
    String outcome = answer == null ? "closed" : Integer.toString(answer.status());
    outcomes.computeIfAbsent(fuzz.target + " " + outcome, key -> new AtomicInteger()).incrementAndGet();
    if (millis > PATIENCE.toMillis()) {
      failures.add(describe(fuzz) + ": answered after " + millis + " ms");
    }
    if (answer == null) {
      failures.add(describe(fuzz) + ": the connection closed without an answer");
      return;
    }
    if (answer.status() >= 500) {
      failures.add(describe(fuzz) + ": " + answer.status() + " " + answer.body());
    }
    if (fuzz.underApi() && answer.status() >= 400 && answer.status() < 500 && !fuzz.method.equals("HEAD") && !isJsonError(answer)) {
      failures.add(describe(fuzz) + ": " + answer.status() + " without the JSON error: " + answer.header("content-type") + " "
          + answer.body());
    }
    if (fuzz.touchedSession != null) {
      JsonObject cart = cart(fuzz.touchedSession);
      if (answer.status() >= 400) {
        victim.refusalsChecked.incrementAndGet();
        if (!cart.equals(victim.carts.get(fuzz.touchedSession))) {
          failures.add(describe(fuzz) + ": refused with " + answer.status() + " but the cart changed from "
              + victim.carts.get(fuzz.touchedSession) + " to " + cart);
        }
      } else {
        victim.carts.put(fuzz.touchedSession, cart);
        if (fuzz.path.contains("/checkout/process")) {
          victim.acceptedCheckouts.incrementAndGet();
        }
      }
    }
  }

  private static boolean isJsonError(RawHttp.Response answer) {
    try {
      JsonObject body = new JsonObject(answer.body());
      return "application/json".equals(answer.header("content-type")) && "failure".equals(body.getString("message"))
          && (body.getValue("error") instanceof String || body.getValue("reason") instanceof String);
    } catch (DecodeException | ClassCastException notJson) {
      return false;
    }
  }

  /**
   * No order of a victim's was changed, and none was paid but by an accepted checkout (a declined one
   * is recorded as a failed order: the record of the refusal, not a change).
   */
  private static void checkOrders(Victim victim, List<String> failures) {
    for (String orderId : victim.orderIds) {
      JsonObject order = shop.api().get("/api/v1/checkout/orders/" + orderId).send().await()
          .bodyAsJsonObject();
      if (!"completed".equals(order.getString("status"))) {
        failures.add("the order " + orderId + " is now " + order.getString("status"));
      }
    }
    long paid = shop.productData().preparedQuery("SELECT count(*) FROM orders WHERE session_id IN ($1, $2) AND status IN ('paid', 'completed')")
        .execute(Tuple.of(victim.webSession, victim.apiSession.substring(0, victim.apiSession.indexOf('.'))))
        .await().iterator().next().getLong(0);
    if (paid > victim.orderIds.size() + victim.acceptedCheckouts.get()) {
      failures.add(victim.webSession + " has " + paid + " paid orders for " + victim.acceptedCheckouts.get() + " accepted checkouts");
    }
  }

  private static Victim newVictim(int worker) {
    Browser browser = shop.browser();
    browser.setQuantity(SWEET_TEA, 2);
    String webOrder = browser.checkout(CARD, null).bodyAsJsonObject().getString("order_id");
    browser.setQuantity(SWEET_TEA, 3);
    browser.setQuantity(COFFEE, 1);
    String apiSession = "fuzz-" + worker + "-" + UUID.randomUUID().toString().substring(0, 8) + ".signature"; // this run's own
    var api = shop.api();
    JsonObject session = new JsonObject().put("session_id", apiSession);
    api.put("/api/v1/cart/" + SWEET_TEA + "/4").sendJsonObject(session).await();
    String apiOrder = api.post("/api/v1/checkout/process").sendJsonObject(session.copy()
        .put("billing", new JsonObject().put("card", new JsonObject().put("number", CARD)))).await()
        .bodyAsJsonObject().getString("order_id");
    api.put("/api/v1/cart/" + COFFEE + "/5").sendJsonObject(session).await();
    Victim victim = new Victim("session_id=" + browser.sessionCookie(), apiSession, List.of(webOrder, apiOrder));
    victim.carts.put(victim.webSession + ".x", cart(victim.webSession + ".x"));
    victim.carts.put(apiSession, cart(apiSession));
    assertThat(victim.carts.values()).allSatisfy(cart -> assertThat(cart).isNotEmpty());
    return victim;
  }

  /** A cart as the internal api gateway shows it, by {@code <session>.<anything>}. */
  private static JsonObject cart(String sessionId) {
    return shop.api().post("/api/v1/cart").sendJsonObject(new JsonObject().put("session_id", sessionId))
        .await().bodyAsJsonObject().getJsonObject("data");
  }

  private static int port(Target target) {
    return switch (target) {
      case WEB -> shop.config().ports().webGateway();
      case API -> shop.config().ports().apiGateway();
      case MANAGEMENT -> shop.config().ports().management();
    };
  }

  private static String describe(Case fuzz) {
    String text = new String(fuzz.bytes, StandardCharsets.ISO_8859_1);
    return "case " + fuzz.index + " (" + fuzz.target + ") " + (text.length() > 300 ? text.substring(0, 300) + "…" : text)
        .replace("\r\n", "⏎");
  }

  // ---- the schema's cases: a valid body of every route, mutated field by field ----

  /** A route and a body it takes; {@code "SESSION"} stands for the shopper's api-gateway session. */
  private record Template(String method, String path, String body) {
  }

  private static final String SESSION = "SESSION";
  private static final List<Template> TEMPLATES = List.of(
      new Template("POST", "/api/v1/product/search", "{\"query\":\"tea\",\"page\":{\"size\":6}}"),
      new Template("POST", "/api/v1/product/suggestions", "{\"query\":\"te\",\"page\":{\"size\":\"all\"}}"),
      new Template("POST", "/api/v1/product/documents", "[\"" + SWEET_TEA + "\",\"" + COFFEE + "\"]"),
      new Template("POST", "/api/v1/cart", "{\"session_id\":\"SESSION\"}"),
      new Template("PUT", "/api/v1/cart/" + SWEET_TEA + "/2", "{\"session_id\":\"SESSION\"}"),
      new Template("POST", "/api/v1/cart/" + SWEET_TEA, "{\"session_id\":\"SESSION\",\"add\":1}"),
      new Template("DELETE", "/api/v1/cart/" + COFFEE, "{\"session_id\":\"SESSION\"}"),
      new Template("POST", "/api/v1/checkout/process", "{\"session_id\":\"SESSION\",\"amount\":3.5,\"transaction_id\":\"t-1\","
          + "\"billing\":{\"address\":{\"city\":\"Springfield\",\"postal_code\":\"97477\"},\"card\":{\"number\":\"" + CARD + "\","
          + "\"expiration\":\"12/30\",\"security_code\":\"123\"}}}"),
      new Template("POST", "/api/v1/payment/process",
          "{\"card\":{\"number\":\"" + CARD + "\"},\"transaction_id\":\"fuzz-charge\",\"amount\":3.5}"),
      new Template("POST", "/api/v1/payment/void", "{\"transaction_id\":\"fuzz-void\"}"));
  /** What a field becomes: null, a value of every other type, empty ones. */
  private static final List<Object> REPLACEMENTS = Arrays.asList(null, "", "x", "y".repeat(300), 0, -1, 1.5, 1e300, true,
      new JsonArray(), new JsonArray().add((Object) null), new JsonObject(), new JsonObject().putNull("x"));
  /** Marks a member left out rather than replaced. */
  private static final Object LEFT_OUT = new Object();

  /** Every body {@code template} gives with one value, at any depth, replaced or left out; the body itself too. */
  private static List<Object> mutations(String template) {
    Object valid = io.vertx.core.json.Json.decodeValue(template);
    List<Object> bodies = new ArrayList<>(REPLACEMENTS);
    mutate(valid, valid, bodies);
    return bodies;
  }

  private static void mutate(Object root, Object node, List<Object> bodies) {
    if (node instanceof JsonObject object) {
      for (String field : List.copyOf(object.fieldNames())) {
        Object original = object.getValue(field);
        for (Object replacement : withLeftOut()) {
          if (replacement == LEFT_OUT) {
            object.remove(field);
          } else {
            object.put(field, replacement);
          }
          bodies.add(copy(root));
          object.put(field, original);
        }
        mutate(root, original, bodies);
      }
    } else if (node instanceof JsonArray array) {
      for (int i = 0; i < array.size(); i++) {
        Object original = array.getValue(i);
        for (Object replacement : REPLACEMENTS) {
          array.set(i, replacement);
          bodies.add(copy(root));
          array.set(i, original);
        }
        mutate(root, original, bodies);
      }
    }
  }

  private static List<Object> withLeftOut() {
    List<Object> replacements = new ArrayList<>(REPLACEMENTS);
    replacements.add(LEFT_OUT);
    return replacements;
  }

  private static Object copy(Object json) {
    return json instanceof JsonObject object ? object.copy() : json instanceof JsonArray array ? array.copy() : json;
  }

  /** A mutated body sent as the storefront would (JSON, the victim's cookie on the web gateway, its session on the api gateway). */
  private static Case mutatedCase(int index, Target target, Template template, Object body, Victim victim) {
    String text = io.vertx.core.json.Json.encode(body).replace(SESSION, victim.apiSession);
    List<String> headers = new ArrayList<>(List.of("Host: 127.0.0.1:" + port(target), "Content-Type: application/json"));
    String touched = null;
    if (target == Target.WEB) {
      headers.add("Cookie: " + victim.cookie);
      touched = victim.webSession + ".x";
    } else if (text.contains("\"session_id\":\"" + victim.apiSession + "\"")) {
      touched = victim.apiSession;
    }
    if (!template.path().startsWith("/api/v1/cart") && !template.path().startsWith("/api/v1/checkout")) {
      touched = null;
    }
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    String head = template.method() + " " + template.path() + " HTTP/1.1\r\n" + String.join("\r\n", headers)
        + "\r\nContent-Length: " + bytes.length + "\r\n\r\n";
    ByteArrayOutputStream request = new ByteArrayOutputStream();
    request.writeBytes(head.getBytes(StandardCharsets.UTF_8));
    request.writeBytes(bytes);
    return new Case(index, target, template.method(), template.path(), request.toByteArray(), touched);
  }

  // ---- the random cases ----

  private static final List<String> PAGES = List.of("/", "/cart", "/checkout", "/confirmation?order_id=x", "/test",
      "/products/" + SWEET_TEA, "/index.html", "/css/index.css", "/js/index.js", "/js/pages/cart.js", "/img/favicon.svg",
      "/webjars/react/18.3.1/umd/react.production.min.js", "/healthz", "/missing.txt", "/no/such/page");
  private static final List<String> API = List.of("/api/v1/product", "/api/v1/product/search", "/api/v1/product/suggestions",
      "/api/v1/product/documents", "/api/v1/cart", "/api/v1/cart/" + SWEET_TEA, "/api/v1/cart/" + SWEET_TEA + "/2",
      "/api/v1/cart/" + COFFEE + "/0", "/api/v1/checkout", "/api/v1/checkout/process", "/api/v1/checkout/orders/",
      "/api/v1/payment", "/api/v1/payment/process", "/api/v1/payment/void", "/api/v1/content", "/api/v1/content/sweet-tea.jpeg",
      "/api/v1/content/missing.jpeg", "/api/v1/loadgen", "/api/v1/web-gateway/x", "/api/v1/nope/x", "/api/v1/", "/api/");
  private static final List<String> MANAGEMENT = List.of("/healthz", "/readyz", "/metrics", "/loadgen", "/loadgen/",
      "/loadgen/start", "/loadgen/stop", "/loadgen/spike", "/variants", "/nope", "/");
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "HEAD",
      "get", "FOO", "PROPFIND");
  private static final List<String> PATH_FORMS = List.of("/../payment/void", "/%2e%2e/payment/void", "/..%2fpayment%2fvoid",
      "/%252e%252e/x", "//", "/./", "/%00", "/%ff%fe", "/..\\..\\etc\\passwd", ";jsessionid=1", "/%20", "/caf%C3%A9",
      "/" + "a".repeat(3_000), "/" + "b".repeat(5_000), "?query=%3Cscript%3E", "?" + "q=1&".repeat(500), "/%", "/%zz");
  private static final List<String> CONTENT_TYPES = List.of("application/json", "application/json; charset=utf-8",
      "text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=fuzz", "application/xml",
      "application/json, text/plain", "application/vnd.fuzz+json", "", "json", "application/json; charset=ebcdic");

  private static Case newCase(int index, Random random, Victim victim) {
    Target target = pick(random, Target.values(), 45, 45, 10);
    String method = METHODS.get(random.nextInt(METHODS.size()));
    boolean authorized = false;
    String path = switch (target) {
      case WEB -> random.nextInt(3) == 0 ? PAGES.get(random.nextInt(PAGES.size())) : API.get(random.nextInt(API.size()));
      case API -> random.nextInt(10) == 0 ? "/" : API.get(random.nextInt(API.size()));
      case MANAGEMENT -> MANAGEMENT.get(random.nextInt(MANAGEMENT.size()));
    };
    if (target == Target.MANAGEMENT && random.nextBoolean()) {
      // the admin API with its token, by methods that cannot start the synthetics or change them
      authorized = true;
      method = List.of("GET", "HEAD", "OPTIONS", "TRACE").get(random.nextInt(4));
    }
    if (path.endsWith("/orders/")) {
      path += random.nextBoolean() ? victim.orderIds.get(0) : random.nextBoolean() ? "42" : "%27%20OR%201=1";
    }
    if (random.nextInt(3) == 0) {
      path += PATH_FORMS.get(random.nextInt(PATH_FORMS.size()));
    }
    if (random.nextInt(40) == 0) {
      path = "http://127.0.0.1:" + port(target) + path; // the absolute form
    }

    String session = null;
    boolean withVictimCookie = target == Target.WEB && random.nextBoolean();
    if (withVictimCookie) {
      session = victim.webSession + ".x";
    } else if (target == Target.API && random.nextBoolean()) {
      session = victim.apiSession;
    }
    byte[] body = body(random, target == Target.API ? session : null);
    List<String> headers = new ArrayList<>();
    if (random.nextInt(20) != 0) {
      headers.add("Host: " + (random.nextInt(10) == 0 ? "evil.example" : "127.0.0.1:" + port(target)));
    }
    String type = CONTENT_TYPES.get(random.nextInt(CONTENT_TYPES.size()));
    if (!type.isEmpty()) {
      headers.add("Content-Type: " + type);
    }
    if (withVictimCookie) {
      headers.add("Cookie: " + victim.cookie + (random.nextInt(5) == 0 ? "; session_id=forged" : ""));
    } else if (random.nextInt(6) == 0) {
      headers.add("Cookie: " + List.of("session_id=garbage", "session_id=", "session_id=" + "c".repeat(9_000), "a=b; c",
          "session_id=00000000-0000-0000-0000-000000000000.forged").get(random.nextInt(5)));
    }
    if (authorized) {
      headers.add("Authorization: Bearer test-admin-token");
    } else if (target == Target.MANAGEMENT && random.nextBoolean()) {
      headers.add("Authorization: " + List.of("Bearer wrong", "Basic dGVzdDp0ZXN0", "Bearer ", "bearer test-admin-token")
          .get(random.nextInt(4)));
    }
    for (int extra = random.nextInt(4); extra > 0; extra--) {
      headers.add(extraHeader(random));
    }
    String touched = session != null && (path.startsWith("/api/v1/cart") || path.startsWith("/api/v1/checkout")) ? session : null;
    return new Case(index, target, method, path, request(random, method, path, headers, body), touched);
  }

  private static String extraHeader(Random random) {
    return switch (random.nextInt(14)) {
      case 0 -> "Origin: https://evil.example";
      case 1 -> "Origin: null";
      case 2 -> "Sec-Fetch-Site: cross-site";
      case 3 -> "Content-Encoding: gzip";
      case 4 -> "Expect: 100-continue";
      case 5 -> "X-Forwarded-For: " + (random.nextBoolean() ? "1.2.3.4, 5.6.7.8" : "not an address");
      case 6 -> "Idempotency-Key: " + List.of("k-" + random.nextInt(3), "", "x".repeat(300), "clé", "a b").get(random.nextInt(5));
      case 7 -> "traceparent: 00-" + "f".repeat(32) + "-zz-01";
      case 8 -> "baggage: synthetic_request=true," + "x=y,".repeat(200);
      case 9 -> "Accept: */*;q=" + random.nextInt();
      case 10 -> "X-Big: " + "z".repeat(random.nextBoolean() ? 7_000 : 10_000);
      case 11 -> "If-None-Match: \"" + "e".repeat(40) + "\"";
      case 12 -> "Connection: " + (random.nextBoolean() ? "close" : "upgrade, keep-alive");
      default -> "X-Ctl: a\u0001b\u007fc";
    };
  }

  private static byte[] body(Random random, String apiSession) {
    String session = apiSession == null ? "\"undefined\"" : "\"" + apiSession + "\"";
    String card = "{\"number\":\"" + (random.nextBoolean() ? CARD : "4242 4242 4242 4241") + "\"}";
    String text = switch (random.nextInt(26)) {
      case 0, 1, 2 -> "";
      case 3 -> "{\"session_id\":" + session + "}";
      case 4 -> "{\"session_id\":" + session + ",\"add\":" + List.of("1", "\"one\"", "1e400", "99999999999999999999", "-100",
          "null", "[]", "1.5").get(random.nextInt(8)) + "}";
      case 5 -> "{\"session_id\":" + session + ",\"billing\":" + List.of("\"x\"", "[]", "null", "{\"card\":\"x\"}", "{\"card\":[]}",
          "{\"card\":{\"number\":42}}", "{\"card\":" + card + "}").get(random.nextInt(7)) + ",\"amount\":"
          + List.of("3.5", "1e400", "\"NaN\"", "-1", "1" + "0".repeat(400)).get(random.nextInt(5)) + "}";
      case 6 -> "{\"query\":" + List.of("123", "null", "[]", "{}", "\"tea\\u0000\"", "\"\\ud800\"", "\"%\"", "\"" + "q".repeat(300) + "\"",
          "\"'; DROP TABLE products; --\"").get(random.nextInt(9)) + "}";
      case 7 -> "{\"page\":" + List.of("\"x\"", "{\"size\":0}", "{\"size\":-1}", "{\"size\":1e400}", "{\"size\":\"all\"}",
          "{\"size\":2147483648}", "[]").get(random.nextInt(7)) + "}";
      case 8 -> "[\"" + SWEET_TEA + "\",\"zzzzzzzz\"]";
      case 9 -> "[" + ("\"" + SWEET_TEA + "\",").repeat(150) + "\"" + SWEET_TEA + "\"]";
      case 10 -> "[" + "1,".repeat(50) + "null]";
      case 11 -> "[".repeat(5_000) + "]".repeat(5_000);
      case 12 -> "{\"a\":".repeat(2_000) + "1" + "}".repeat(2_000);
      case 13 -> "\"just a string\"";
      case 14 -> "null";
      case 15 -> "true";
      case 16 -> "{\"session_id\":" + session + ",\"session_id\":\"other.sig\"}";
      case 17 -> "{\"transaction_id\":" + List.of("\"t-1\"", "{}", "[1]", "\"" + "t".repeat(200) + "\"").get(random.nextInt(4)) + "}";
      case 18 -> "query=tea&session_id=" + session;
      case 19 -> "--fuzz\r\nContent-Disposition: form-data; name=\"file\"; filename=\"../../x.txt\"\r\n"
          + "Content-Type: text/plain\r\n\r\nhello\r\n--fuzz--\r\n";
      case 20 -> "{\"query\":\"" + "x".repeat(70_000) + "\"}";
      case 21 -> "{\"unterminated\": ";
      case 22 -> "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><x>&e;</x>";
      case 23 -> "{\"query\":\"t\u00e9a caf\u00e9\"}";
      default -> null;
    };
    if (text != null) {
      return text.getBytes(StandardCharsets.UTF_8);
    }
    byte[] bytes = new byte[1 + random.nextInt(2_000)]; // anything at all, invalid UTF-8 included
    random.nextBytes(bytes);
    return bytes;
  }

  /** The request's bytes, framed one of the ways HTTP/1 allows (or both at once, which must be refused). */
  private static byte[] request(Random random, String method, String path, List<String> headers, byte[] body) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    StringBuilder head = new StringBuilder(method).append(' ').append(path).append(random.nextInt(30) == 0 ? " HTTP/1.0" : " HTTP/1.1")
        .append("\r\n");
    headers.forEach(header -> head.append(header).append("\r\n"));
    int framing = random.nextInt(10);
    if (body.length == 0 && framing < 7) {
      head.append("\r\n");
      bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      return bytes.toByteArray();
    }
    if (framing < 7) {
      head.append("Content-Length: ").append(body.length).append("\r\n\r\n");
      bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      bytes.writeBytes(body);
    } else {
      if (framing == 9) {
        head.append("Content-Length: ").append(body.length).append("\r\n");
      }
      head.append("Transfer-Encoding: chunked\r\n\r\n");
      bytes.writeBytes(head.toString().getBytes(StandardCharsets.UTF_8));
      if (body.length > 0) {
        bytes.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        bytes.writeBytes(body);
        bytes.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
      bytes.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    return bytes.toByteArray();
  }

  private static <T> T pick(Random random, T[] values, int... weights) {
    int roll = random.nextInt(Arrays.stream(weights).sum());
    for (int i = 0; i < values.length; i++) {
      roll -= weights[i];
      if (roll < 0) {
        return values[i];
      }
    }
    throw new IllegalStateException("weights do not cover the roll");
  }
}
