package io.microbs.ecommerce.webgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.Browser;
import io.microbs.ecommerce.RunningShop;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The web gateway as the internet sees it: only the storefront's calls, orders for their own shopper
 * only, no session for a mere read, pages that keep to themselves, and no changes from other sites.
 */
class PublicFaceTest {
  private static final String SWEET_TEA = "f95e2475";
  private static final String CARD = "4242 4242 4242 4242";
  /** A session-data database of its own: the test counts the sessions in it. */
  private static final String SESSION_DATABASE = "12";

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,api-gateway,product,cart,checkout,payment,content")
      .env("SERVICE_DATABASE_SESSION_DATA", SESSION_DATABASE);

  private static HttpRequest<Buffer> web(HttpMethod method, String path) {
    return shop.client().request(method, shop.config().ports().webGateway(), "127.0.0.1", path);
  }

  private static HttpRequest<Buffer> api(HttpMethod method, String path) {
    return shop.client().request(method, shop.config().ports().apiGateway(), "127.0.0.1", path);
  }

  private static long sessions() {
    return shop.sessionData().send(Request.cmd(Command.DBSIZE)).await().toLong();
  }

  private static Browser shopperWithSweetTea() {
    Browser browser = new Browser(shop.clientVertx(), shop.config().ports().webGateway());
    browser.setQuantity(SWEET_TEA, 1);
    return browser;
  }

  @Test
  void theWebGatewayBrokersOnlyWhatTheStorefrontUses() {
    JsonObject voiding = new JsonObject().put("transaction_id", UUID.randomUUID().toString());
    Map<String, HttpRequest<Buffer>> internal = Map.of(
        "POST /api/v1/payment/void", web(HttpMethod.POST, "/api/v1/payment/void"),
        "POST /api/v1/payment/process", web(HttpMethod.POST, "/api/v1/payment/process"),
        "GET /api/v1/product (its settings)", web(HttpMethod.GET, "/api/v1/product"),
        "GET /api/v1/checkout (its settings)", web(HttpMethod.GET, "/api/v1/checkout"),
        "GET /api/v1/loadgen", web(HttpMethod.GET, "/api/v1/loadgen"),
        "GET /api/v1/nope/x", web(HttpMethod.GET, "/api/v1/nope/x"),
        "POST /api/v1/cart/../payment/void", web(HttpMethod.POST, "/api/v1/cart/../payment/void"),
        "POST /api/v1/cart/%2e%2e/payment/void", web(HttpMethod.POST, "/api/v1/cart/%2e%2e/payment/void"),
        "POST /api/v1/content/..%2fpayment/void", web(HttpMethod.POST, "/api/v1/content/..%2fpayment/void"));

    internal.forEach((call, request) -> {
      HttpResponse<Buffer> response = request.sendJsonObject(voiding).await();

      assertThat(response.statusCode()).as(call).isIn(404, 405);
      assertThat(response.bodyAsJsonObject().getString("message")).as(call).isEqualTo("failure");
    });
    assertThat(web(HttpMethod.GET, "/api/v1/cart").send().await().statusCode()).as("the cart's settings").isEqualTo(405);

    assertThat(api(HttpMethod.POST, "/api/v1/payment/void").sendJsonObject(voiding).await().statusCode())
        .as("the internal api gateway still brokers everything").isEqualTo(200);
    assertThat(api(HttpMethod.GET, "/api/v1/product").send().await().statusCode()).isEqualTo(200);

    Browser storefront = shopperWithSweetTea();
    assertThat(storefront.send("POST", "/api/v1/product/search", new JsonObject().put("query", "tea")).statusCode()).isEqualTo(200);
    assertThat(storefront.send("POST", "/api/v1/product/suggestions", new JsonObject()).statusCode()).isEqualTo(200);
    assertThat(storefront.client().post("/api/v1/product/documents").sendJson(new JsonArray().add(SWEET_TEA)).await()
        .bodyAsJsonArray()).hasSize(1);
    assertThat(storefront.get("/api/v1/content/sweet-tea.jpeg").statusCode()).isEqualTo(200);
    assertThat(storefront.send("POST", "/api/v1/cart/" + SWEET_TEA, new JsonObject().put("add", 1)).statusCode()).isEqualTo(200);
    assertThat(storefront.send("DELETE", "/api/v1/cart/" + SWEET_TEA, new JsonObject()).statusCode()).isEqualTo(200);
    assertThat(storefront.send("DELETE", "/api/v1/cart", new JsonObject()).statusCode()).isEqualTo(200);
  }

  @Test
  void anOrderIsReadableOnlyThroughTheSessionThatPlacedIt() {
    Browser owner = shopperWithSweetTea();
    String orderId = owner.checkout(CARD, null).bodyAsJsonObject().getString("order_id");
    Browser stranger = shopperWithSweetTea();
    String path = "/api/v1/checkout/orders/" + orderId;

    HttpResponse<Buffer> own = owner.get(path);
    HttpResponse<Buffer> strangers = stranger.get(path);
    HttpResponse<Buffer> cookieless = web(HttpMethod.GET, path).send().await();

    assertThat(own.statusCode()).isEqualTo(200);
    assertThat(own.bodyAsJsonObject().getString("order_id")).isEqualTo(orderId);
    JsonObject absent = new JsonObject().put("message", "failure").put("error", "no order " + orderId);
    assertThat(strangers.statusCode()).isEqualTo(404);
    assertThat(strangers.bodyAsJsonObject()).as("as absent as an order that does not exist").isEqualTo(absent);
    assertThat(cookieless.statusCode()).isEqualTo(404);
    assertThat(cookieless.bodyAsJsonObject()).isEqualTo(absent);
    // the internal api gateway (operators, other services) reads any order, as it did
    assertThat(api(HttpMethod.GET, path).send().await().bodyAsJsonObject().getString("order_id")).isEqualTo(orderId);
  }

  @Test
  void aReadWithoutACookieStoresNoSessionAndAnswersAsForAnEmptyOne() {
    long before = sessions();
    List<HttpRequest<Buffer>> reads = List.of(
        web(HttpMethod.POST, "/api/v1/cart"),
        web(HttpMethod.POST, "/api/v1/product/search"),
        web(HttpMethod.GET, "/api/v1/product/documents"),
        web(HttpMethod.GET, "/api/v1/content/sweet-tea.jpeg"),
        web(HttpMethod.GET, "/api/v1/checkout/orders/" + UUID.randomUUID()),
        web(HttpMethod.GET, "/api/v1/nope/x"),
        web(HttpMethod.GET, "/index.html"),
        web(HttpMethod.GET, "/css/index.css"));

    for (int round = 0; round < 250; round++) {
      for (HttpRequest<Buffer> read : reads) {
        HttpResponse<Buffer> response = read.send().await();

        assertThat(response.statusCode()).isLessThan(500);
        assertThat(response.cookies()).isEmpty();
      }
    }
    HttpResponse<Buffer> cart = web(HttpMethod.POST, "/api/v1/cart").send().await();

    assertThat(cart.bodyAsJsonObject()).isEqualTo(new JsonObject().put("data", new JsonObject()).put("message", "success"));
    assertThat(sessions()).as("sessions after 2,000 reads without a cookie").isEqualTo(before);

    HttpResponse<Buffer> page = web(HttpMethod.GET, "/").send().await();
    HttpResponse<Buffer> change = web(HttpMethod.PUT, "/api/v1/cart/" + SWEET_TEA + "/1").send().await();

    assertThat(page.cookies()).hasSize(1);
    assertThat(change.statusCode()).isEqualTo(200);
    assertThat(change.cookies()).hasSize(1);
    assertThat(sessions()).as("a page and a change each start one").isEqualTo(before + 2);
  }

  @Test
  void pagesKeepToThemselvesAndTheAppShellIsRevalidated() {
    for (String path : List.of("/", "/cart", "/index.html", "/js/index.js", "/api/v1/product/search")) {
      HttpResponse<Buffer> response = web(HttpMethod.GET, path).send().await();

      assertThat(response.getHeader("content-security-policy")).as(path)
          .contains("default-src 'self'", "script-src 'self'", "style-src 'self'", "object-src 'none'", "frame-ancestors 'none'")
          .doesNotContain("unsafe");
      assertThat(response.getHeader("x-content-type-options")).as(path).isEqualTo("nosniff");
      assertThat(response.getHeader("x-frame-options")).as(path).isEqualTo("DENY");
      assertThat(response.getHeader("referrer-policy")).as(path).isEqualTo("same-origin");
    }
    for (String shell : List.of("/", "/checkout", "/index.html")) {
      assertThat(web(HttpMethod.GET, shell).send().await().getHeader("cache-control")).as(shell).isEqualTo("no-cache");
    }

    String index = web(HttpMethod.GET, "/").send().await().bodyAsString();
    Matcher scripts = Pattern.compile("<script([^>]*)>(.*?)</script>", Pattern.DOTALL).matcher(index);
    int count = 0;
    while (scripts.find()) {
      count++;
      assertThat(scripts.group(1)).as("a script loaded from the shop").contains("src=\"/");
      assertThat(scripts.group(2)).as("no inline script").isBlank();
    }
    assertThat(count).isPositive();
    assertThat(index).doesNotContain("style=").doesNotContain("<style").doesNotContainPattern("\\son[a-z]+\\s*=");
  }

  @Test
  void aPageOfAnotherSiteCannotChangeAnything() {
    Browser shopper = shopperWithSweetTea();
    String cookie = "session_id=" + shopper.sessionCookie();
    String self = "http://127.0.0.1:" + shop.config().ports().webGateway();
    Map<String, String[]> crossSite = Map.of(
        "another origin", new String[] {"origin", "https://evil.example"},
        "another port", new String[] {"origin", "http://127.0.0.1:1"},
        "a sandboxed page", new String[] {"origin", "null"},
        "a cross-site fetch", new String[] {"sec-fetch-site", "cross-site"},
        "a sibling site", new String[] {"sec-fetch-site", "same-site"});

    crossSite.forEach((from, header) -> {
      for (HttpRequest<Buffer> change : List.of(web(HttpMethod.PUT, "/api/v1/cart/" + SWEET_TEA + "/9"),
          web(HttpMethod.DELETE, "/api/v1/cart"), web(HttpMethod.POST, "/api/v1/checkout/process"))) {
        HttpResponse<Buffer> refused = change.putHeader("cookie", cookie).putHeader(header[0], header[1])
            .sendJsonObject(new JsonObject()).await();

        assertThat(refused.statusCode()).as(from).isEqualTo(403);
        assertThat(refused.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "failure")
            .put("error", "a page of another site may not change anything here"));
      }
    });
    assertThat(shopper.cart()).as("untouched").isEqualTo(new JsonObject().put(SWEET_TEA, "1"));

    assertThat(web(HttpMethod.PUT, "/api/v1/cart/" + SWEET_TEA + "/2").putHeader("cookie", cookie).putHeader("origin", self)
        .putHeader("sec-fetch-site", "same-origin").sendJsonObject(new JsonObject()).await().statusCode()).isEqualTo(200);
    assertThat(web(HttpMethod.PUT, "/api/v1/cart/" + SWEET_TEA + "/3").putHeader("cookie", cookie)
        .sendJsonObject(new JsonObject()).await().statusCode()).as("curl sends neither header").isEqualTo(200);
    assertThat(web(HttpMethod.GET, "/api/v1/content/sweet-tea.jpeg").putHeader("sec-fetch-site", "cross-site").send().await()
        .statusCode()).as("another site may show the images").isEqualTo(200);
    assertThat(shopper.cart()).isEqualTo(new JsonObject().put(SWEET_TEA, "3"));
  }
}
