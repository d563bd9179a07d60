package io.microbs.ecommerce.loadgen;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * A small storefront that speaks the shop's public API (the web gateway's paths, cookie and JSON
 * shapes) and is strict where the reference's synthetics were sloppy: it rejects a payment with an
 * invalid card, a missing postal code or an amount that is not the cart's, and remembers what it
 * served, so tests can check what the loadgen really did. Faults are switched on per test. The
 * tests of every package of the loadgen shop here.
 */
public final class TestStorefront {
  /** Eight products, best rated first, as product-data holds them. */
  private static final List<JsonObject> CATALOGUE = List.of(
      product("f95e2475", "Sweet Tea", "sweet-tea.jpeg", 3.5),
      product("7ad1b3e2", "Cinnamon Tea", "cinnamon-tea.jpeg", 4.25),
      product("1c0a6d9f", "Ethiopian Coffee", "coffee.jpeg", 12.99),
      product("b2e4f6a8", "Watermelon Juice", "watermelon-juice.jpeg", 5.0),
      product("c3d5e7f9", "Mocha Latte", "mocha-latte.jpeg", 4.75),
      product("d4e6f8a0", "Hot Chocolate", "hot-chocolate.jpeg", 3.99),
      product("e5f7a9b1", "Green Tea", "green-tea.jpeg", 2.5),
      product("f6a8b0c2", "Orange Juice", "oj.jpeg", 3.25));
  private static final Buffer JPEG = Buffer.buffer(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 0});
  private static final String PAGE = "<!DOCTYPE html><html><body><div id=\"root\"></div></body></html>";

  private final Map<String, Map<String, Integer>> carts = new ConcurrentHashMap<>();
  public final Set<String> sessions = ConcurrentHashMap.newKeySet();
  public final Set<String> imagesServed = ConcurrentHashMap.newKeySet();
  public final List<String> rejectedPayments = new CopyOnWriteArrayList<>();
  public final AtomicInteger orders = new AtomicInteger();
  public final AtomicLong searches = new AtomicLong();
  /** Every request after the probes, as {@code POST /api/v1/cart}, in the order they came. */
  public final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  /** Faults: documents answer 500; search takes this long; /healthz answers 503. */
  public volatile boolean documentsFail;
  public volatile long searchDelayMillis;
  public volatile boolean unhealthy;
  /** Load shedding: cart reads answered with this status (0: served), with {@code Retry-After} when it is set. */
  public volatile int cartRefusalStatus;
  public volatile String cartRetryAfter;
  /** The shop's own rule: a card without its postal code is paid (the reference's k6 script leaves it out). */
  public volatile boolean postalCodeOptional;

  private final Vertx vertx;
  private HttpServer server;

  public TestStorefront(Vertx vertx) {
    this.vertx = vertx;
  }

  public Future<TestStorefront> start() {
    Router router = Router.router(vertx);
    router.get("/healthz").handler(ctx -> {
      if (unhealthy) {
        json(ctx, 503, new JsonObject().put("healthy", false));
      } else {
        json(ctx, 200, new JsonObject().put("healthy", true));
      }
    });
    router.route().handler(ctx -> {
      requests.add(ctx.request().method() + " " + ctx.request().path());
      ctx.next();
    });
    router.route().handler(BodyHandler.create().setBodyLimit(10_000));
    router.route().handler(this::session);
    router.get("/").handler(this::page);
    router.get("/cart").handler(this::page);
    router.get("/checkout").handler(this::page);
    router.post("/api/v1/product/search").handler(this::search);
    router.post("/api/v1/product/documents").handler(this::documents);
    router.post("/api/v1/cart").handler(this::cart);
    router.put("/api/v1/cart/:id/:quantity").handler(this::putItem);
    router.get("/api/v1/content/:file").handler(this::image);
    router.post("/api/v1/checkout/process").handler(this::checkout);
    return vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").map(started -> {
      server = started;
      return this;
    });
  }

  public String url() {
    return "http://127.0.0.1:" + server.actualPort();
  }

  Future<Void> stop() {
    return server.close();
  }

  /** The web gateway's session: the cookie it set, or a new one (HttpOnly, as ours). */
  private void session(RoutingContext ctx) {
    Cookie cookie = ctx.request().getCookie("session_id");
    String id = cookie == null ? null : cookie.getValue().split("\\.")[0];
    if (id == null || !sessions.contains(id)) {
      id = UUID.randomUUID().toString();
      sessions.add(id);
      ctx.response().addCookie(Cookie.cookie("session_id", id + ".signature").setPath("/").setHttpOnly(true));
    }
    ctx.put("session", id);
    ctx.next();
  }

  private Map<String, Integer> cartOf(RoutingContext ctx) {
    return carts.computeIfAbsent(ctx.get("session"), session -> new ConcurrentHashMap<>());
  }

  private void page(RoutingContext ctx) {
    ctx.response().putHeader("content-type", "text/html; charset=utf-8").end(PAGE);
  }

  private void search(RoutingContext ctx) {
    searches.incrementAndGet();
    int size = ctx.body().asJsonObject().getJsonObject("page", new JsonObject()).getInteger("size", CATALOGUE.size());
    List<JsonObject> results = CATALOGUE.subList(0, Math.min(size, CATALOGUE.size()));
    JsonObject body = new JsonObject().put("meta", new JsonObject().put("page", new JsonObject().put("total_results", results.size())))
        .put("results", new JsonArray(List.copyOf(results)));
    if (searchDelayMillis > 0) {
      vertx.setTimer(searchDelayMillis, id -> json(ctx, 200, body));
    } else {
      json(ctx, 200, body);
    }
  }

  private void cart(RoutingContext ctx) {
    if (cartRefusalStatus != 0) {
      if (cartRetryAfter != null) {
        ctx.response().putHeader("retry-after", cartRetryAfter);
      }
      json(ctx, cartRefusalStatus, new JsonObject().put("message", "failure").put("error", "the shop is busy"));
      return;
    }
    json(ctx, 200, success(new JsonObject(Map.copyOf(cartOf(ctx)))));
  }

  private void documents(RoutingContext ctx) {
    if (documentsFail) {
      json(ctx, 500, new JsonObject().put("message", "failure").put("error", "product-data is down"));
      return;
    }
    Set<Object> ids = Set.copyOf(ctx.body().asJsonArray().getList());
    ctx.response().putHeader("content-type", "application/json")
        .end(new JsonArray(CATALOGUE.stream().filter(p -> ids.contains(p.getString("id"))).toList()).toBuffer());
  }

  private void putItem(RoutingContext ctx) {
    cartOf(ctx).put(ctx.pathParam("id"), Integer.parseInt(ctx.pathParam("quantity")));
    json(ctx, 200, success(1));
  }

  private void image(RoutingContext ctx) {
    String file = ctx.pathParam("file");
    if (CATALOGUE.stream().noneMatch(p -> p.getString("filename").equals(file))) {
      json(ctx, 404, new JsonObject().put("message", "failure").put("error", "no image " + file));
      return;
    }
    imagesServed.add(file);
    ctx.response().putHeader("content-type", "image/jpeg").end(JPEG);
  }

  private void checkout(RoutingContext ctx) {
    JsonObject order = ctx.body().asJsonObject();
    JsonObject card = order.getJsonObject("billing").getJsonObject("card");
    Map<String, Integer> cart = cartOf(ctx);
    BigDecimal total = cart.entrySet().stream()
        .map(item -> BigDecimal.valueOf(priceOf(item.getKey())).multiply(BigDecimal.valueOf(item.getValue())))
        .reduce(BigDecimal.ZERO, BigDecimal::add);
    String problem = !luhnValid(card.getString("number")) ? "invalid card number"
        : card.getString("postal_code", "").isEmpty() && !postalCodeOptional ? "no postal code"
        : total.compareTo(BigDecimal.valueOf(order.getDouble("amount"))) != 0 ? "amount " + order.getValue("amount") + " is not the cart's " + total
        : null;
    if (problem != null) {
      rejectedPayments.add(problem);
      json(ctx, 400, new JsonObject().put("message", "failure").put("error", problem));
      return;
    }
    cart.clear();
    orders.incrementAndGet();
    json(ctx, 200, new JsonObject().put("message", "success").put("order_id", UUID.randomUUID().toString()));
  }

  public Set<String> homeImageNames() {
    return CATALOGUE.subList(0, 6).stream().map(p -> p.getString("filename")).collect(Collectors.toSet());
  }

  private static double priceOf(String id) {
    return CATALOGUE.stream().filter(p -> p.getString("id").equals(id)).findFirst().orElseThrow().getDouble("price");
  }

  /** The payment service's check: Luhn over the number's digits, spaces and dashes left out. */
  public static boolean luhnValid(String number) {
    return LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(number.replaceAll("[^0-9]", ""));
  }

  private static JsonObject product(String id, String name, String filename, double price) {
    return new JsonObject().put("id", id).put("name", name).put("filename", filename).put("price", price)
        .put("rating", 4.8).put("reviews", 10).put("category", null);
  }

  private static JsonObject success(Object data) {
    return new JsonObject().put("data", data).put("message", "success");
  }

  private static void json(RoutingContext ctx, int status, JsonObject body) {
    ctx.response().setStatusCode(status).putHeader("content-type", "application/json").end(body.toBuffer());
  }
}
