package io.microbs.ecommerce.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.RunningShop;
import io.microbs.ecommerce.platform.data.Resources;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code APPS_ECOMMERCE_CONTENT_BASE_PATH} set, images come from that store, fetched once; a
 * store that fails in any way leaves the local image in its place. The store is a real HTTP server
 * the test runs on loopback.
 */
class ContentBasePathTest {
  private static final Buffer STORED_SWEET_TEA = jpeg(Color.MAGENTA);
  private static final Map<String, AtomicInteger> STORE_HITS = new ConcurrentHashMap<>();

  private static final int STORE_PORT = RunningShop.freePort();

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("api-gateway,content")
      .env("APPS_ECOMMERCE_CONTENT_BASE_PATH", "http://127.0.0.1:" + STORE_PORT + "/images/");

  // The shop asks the store for an image on its first request, so the store may start after it.
  @BeforeAll
  static void startTheStore() {
    shop.clientVertx().createHttpServer().requestHandler(request -> {
      STORE_HITS.computeIfAbsent(request.path(), path -> new AtomicInteger()).incrementAndGet();
      switch (request.path()) {
        case "/images/sweet-tea.jpeg" -> request.response().putHeader("content-type", "image/jpeg").end(STORED_SWEET_TEA);
        case "/images/oj.jpeg" -> request.response().putHeader("content-type", "text/html").end("<html>gone fishing</html>");
        case "/images/water.jpeg" -> request.response().setStatusCode(500).end();
        case "/images/latte.jpeg" -> request.response().setStatusCode(302).putHeader("location", "/images/sweet-tea.jpeg").end();
        case "/images/tea.jpeg" -> {
          // never answers
        }
        default -> request.response().setStatusCode(404).end();
      }
    }).listen(STORE_PORT, "127.0.0.1").await();
  }

  private static HttpResponse<Buffer> get(String fileName) {
    return shop.api().get("/api/v1/content/" + fileName).send().await();
  }

  private static int hits(String fileName) {
    AtomicInteger hits = STORE_HITS.get("/images/" + fileName);
    return hits == null ? 0 : hits.get();
  }

  private static Buffer local(String fileName) {
    return Buffer.buffer(Resources.bytes(LocalImages.FOLDER + fileName));
  }

  @Test
  void anImageFromTheStoreIsFetchedOnceAndServedFromMemory() {
    HttpResponse<Buffer> first = get("sweet-tea.jpeg");
    HttpResponse<Buffer> second = get("sweet-tea.jpeg");

    assertThat(first.statusCode()).isEqualTo(200);
    assertThat(first.getHeader("content-type")).isEqualTo("image/jpeg");
    assertThat(first.body()).isEqualTo(STORED_SWEET_TEA).isNotEqualTo(local("sweet-tea.jpeg"));
    assertThat(second.body()).isEqualTo(STORED_SWEET_TEA);
    assertThat(second.getHeader("etag")).isEqualTo(first.getHeader("etag"));
    assertThat(hits("sweet-tea.jpeg")).isEqualTo(1);

    HttpResponse<Buffer> revalidated = shop.api().get("/api/v1/content/sweet-tea.jpeg")
        .putHeader("if-none-match", first.getHeader("etag")).send().await();
    assertThat(revalidated.statusCode()).isEqualTo(304);
  }

  @Test
  void aStoreThatFailsLeavesTheLocalImageInItsPlace() {
    for (String fileName : List.of("water.jpeg", "oj.jpeg", "latte.jpeg", "summer.jpeg")) {
      HttpResponse<Buffer> first = get(fileName);
      HttpResponse<Buffer> second = get(fileName);

      assertThat(first.statusCode()).as(fileName).isEqualTo(200);
      assertThat(first.getHeader("content-type")).as(fileName).isEqualTo("image/jpeg");
      assertThat(first.body()).as(fileName).isEqualTo(local(fileName));
      assertThat(second.body()).as(fileName).isEqualTo(local(fileName));
      assertThat(hits(fileName)).as(fileName + ": a failure is not retried at once").isEqualTo(1);
    }
  }

  @Test
  void aStoreThatDoesNotAnswerIsGivenUpOnInTime() {
    long started = System.nanoTime();
    HttpResponse<Buffer> response = get("tea.jpeg");
    long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(local("tea.jpeg"));
    assertThat(elapsedMillis).isBetween(RemoteImages.FETCH_TIMEOUT_MILLIS, RemoteImages.FETCH_TIMEOUT_MILLIS + 1_500);
  }

  @Test
  void namesOutsideTheCatalogueAreNeverAskedOfTheStore() {
    for (String fileName : List.of("nope.jpeg", "..%2Fsecret.jpeg", "%2e%2e")) {
      assertThat(get(fileName).statusCode()).as(fileName).isEqualTo(404);
    }
    assertThat(STORE_HITS.keySet()).allMatch(path -> path.matches("/images/[a-z0-9-]+\\.jpeg"))
        .doesNotContain("/images/nope.jpeg");
  }

  private static Buffer jpeg(Color colour) {
    BufferedImage image = new BufferedImage(64, 48, BufferedImage.TYPE_INT_RGB);
    Graphics2D graphics = image.createGraphics();
    graphics.setColor(colour);
    graphics.fillRect(0, 0, 64, 48);
    graphics.dispose();
    try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
      ImageIO.write(image, "jpeg", out);
      return Buffer.buffer(out.toByteArray());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
