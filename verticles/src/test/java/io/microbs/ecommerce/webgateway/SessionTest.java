package io.microbs.ecommerce.webgateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.Browser;
import io.microbs.ecommerce.RunningShop;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Request;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Sessions of the web gateway: the signed cookie, its flags, and the key in session-data. */
class SessionTest {
  private static final String COOKIE =
      "session_id=([0-9a-f-]{36})\\.[A-Za-z0-9_-]{43}; Max-Age=300; Expires=[^;]+ GMT; Path=/; HTTPOnly; SameSite=Lax";

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,product,cart,content").env("SESSION_SECRET", "a-test-secret-of-some-length");

  private HttpResponse<Buffer> get(String path, String cookie) {
    var request = shop.client().get(shop.config().ports().webGateway(), "127.0.0.1", path);
    if (cookie != null) {
      request.putHeader("cookie", cookie);
    }
    return request.send().await();
  }

  private static String sessionOf(HttpResponse<Buffer> response) {
    return response.cookies().get(0).substring("session_id=".length(), "session_id=".length() + 36);
  }

  private static String cookieOf(HttpResponse<Buffer> response) {
    return response.cookies().get(0).split(";")[0];
  }

  private long ttl(String session) {
    return shop.sessionData().send(Request.cmd(Command.TTL, "s:" + session)).await().toLong();
  }

  @Test
  void theFirstPageStartsASessionWithASignedHttpOnlyLaxCookie() {
    HttpResponse<Buffer> page = get("/", null);

    assertThat(page.statusCode()).isEqualTo(200);
    assertThat(page.getHeader("content-type")).isEqualTo("text/html; charset=utf-8");
    assertThat(page.cookies()).hasSize(1);
    assertThat(page.cookies().get(0)).matches(COOKIE);
    assertThat(ttl(sessionOf(page))).isBetween(290L, 300L);
  }

  @Test
  void overTlsTheCookieIsSecure() {
    HttpResponse<Buffer> page = shop.client().get(shop.config().ports().webGateway(), "127.0.0.1", "/cart")
        .putHeader("x-forwarded-proto", "https").send().await();

    assertThat(page.cookies().get(0)).endsWith("; Path=/; Secure; HTTPOnly; SameSite=Lax");
  }

  @Test
  void aValidCookieKeepsItsSessionAndRefreshesIt() {
    HttpResponse<Buffer> first = get("/", null);
    String session = sessionOf(first);
    shop.sessionData().send(Request.cmd(Command.EXPIRE, "s:" + session, "100")).await();

    HttpResponse<Buffer> api = get("/api/v1/product/search", cookieOf(first));

    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(cookieOf(api)).isEqualTo(cookieOf(first));
    assertThat(ttl(session)).isBetween(290L, 300L);
  }

  @Test
  void aTamperedCookieGetsAFreshSession() {
    HttpResponse<Buffer> first = get("/", null);
    String cookie = cookieOf(first);
    String tampered = cookie.substring(0, cookie.length() - 2) + (cookie.endsWith("AA") ? "BB" : "AA");
    String forged = "session_id=" + java.util.UUID.randomUUID() + ".forged-signature";

    assertThat(sessionOf(get("/", tampered))).isNotEqualTo(sessionOf(first));
    assertThat(sessionOf(get("/", forged))).isNotEqualTo(forged.substring(11, 47));
    assertThat(get("/", "session_id=garbage").cookies().get(0)).matches(COOKIE);
  }

  @Test
  void anExpiredSessionIsReplacedByAFreshOne() {
    HttpResponse<Buffer> first = get("/", null);
    shop.sessionData().send(Request.cmd(Command.DEL, "s:" + sessionOf(first))).await();

    HttpResponse<Buffer> again = get("/checkout", cookieOf(first));

    assertThat(sessionOf(again)).isNotEqualTo(sessionOf(first));
    assertThat(ttl(sessionOf(again))).isBetween(290L, 300L);
  }

  @Test
  void staticFilesAndHealthChecksNeverTouchSessions() {
    HttpResponse<Buffer> file = get("/index.html", null);
    HttpResponse<Buffer> health = get("/healthz", null);
    HttpResponse<Buffer> missing = get("/js/missing.js", null);

    assertThat(file.statusCode()).isEqualTo(200);
    assertThat(file.cookies()).isEmpty();
    assertThat(health.bodyAsJsonObject().getBoolean("healthy")).isTrue();
    assertThat(health.cookies()).isEmpty();
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.cookies()).isEmpty();
  }

  @Test
  void productImagesAreEveryonesAndLeaveTheSessionAlone() {
    HttpResponse<Buffer> first = get("/", null);
    String session = sessionOf(first);
    shop.sessionData().send(Request.cmd(Command.EXPIRE, "s:" + session, "100")).await();

    HttpResponse<Buffer> image = get("/api/v1/content/sweet-tea.jpeg", cookieOf(first));
    HttpResponse<Buffer> anonymous = get("/api/v1/content/sweet-tea.jpeg", null);

    assertThat(image.statusCode()).isEqualTo(200);
    assertThat(image.cookies()).isEmpty();
    assertThat(ttl(session)).isLessThanOrEqualTo(100L);
    assertThat(anonymous.statusCode()).isEqualTo(200);
    assertThat(anonymous.cookies()).isEmpty();
  }

  @Test
  void everyRouteOfTheAppServesItsPage() {
    for (String route : new String[] {"/", "/cart", "/checkout", "/confirmation", "/test", "/products/f95e2475", "/no/such/page"}) {
      HttpResponse<Buffer> page = get(route, null);

      assertThat(page.statusCode()).as(route).isEqualTo(200);
      assertThat(page.bodyAsString()).as(route).contains("<div id=\"root\"");
    }
  }

  @Test
  void aBrowserKeepsOneSessionAcrossPagesAndApiCalls() {
    Browser browser = shop.browser();
    browser.get("/");
    String session = browser.sessionCookie();

    browser.setQuantity("f95e2475", 1);
    browser.get("/cart");

    assertThat(browser.sessionCookie()).isEqualTo(session);
  }
}
