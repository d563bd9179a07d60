package io.microbs.ecommerce.content;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.RunningShop;
import io.microbs.ecommerce.platform.data.Resources;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The product images through the api gateway, as the storefront and the synthetics fetch them. */
class ContentServiceTest {
  private static final List<String> FILE_NAMES = Resources.csvRecords("seed/products.csv").stream()
      .map(row -> row.get("filename")).toList();

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("api-gateway,web-gateway,content");

  private static HttpResponse<Buffer> get(String path) {
    return shop.api().get(path).send().await();
  }

  @Test
  void everyProductHasItsOwnJpeg() throws IOException {
    assertThat(FILE_NAMES).hasSize(32);
    Set<Buffer> bodies = new HashSet<>();
    Set<String> etags = new HashSet<>();
    for (String fileName : FILE_NAMES) {
      HttpResponse<Buffer> response = get("/api/v1/content/" + fileName);

      assertThat(response.statusCode()).as(fileName).isEqualTo(200);
      assertThat(response.getHeader("content-type")).as(fileName).isEqualTo("image/jpeg");
      assertThat(response.getHeader("cache-control")).as(fileName).isEqualTo("public, max-age=3600");
      assertThat(response.getHeader("etag")).as(fileName).matches("\"[0-9a-f]{32}\"");
      BufferedImage image = ImageIO.read(new ByteArrayInputStream(response.body().getBytes()));
      assertThat(image).as(fileName + " decodes as an image").isNotNull();
      assertThat(ImageIO.getImageReadersBySuffix("jpeg").next().getOriginatingProvider()
          .canDecodeInput(ImageIO.createImageInputStream(new ByteArrayInputStream(response.body().getBytes()))))
          .as(fileName + " is a JPEG").isTrue();
      assertThat(image.getWidth()).isEqualTo(640);
      assertThat(image.getHeight()).isEqualTo(480);
      bodies.add(response.body());
      etags.add(response.getHeader("etag"));
    }
    assertThat(bodies).as("distinct images").hasSize(32);
    assertThat(etags).as("distinct ETags").hasSize(32);
  }

  @Test
  void aCopyTheCallerAlreadyHasIsAnswered304WithoutABody() {
    String etag = get("/api/v1/content/sweet-tea.jpeg").getHeader("etag");

    for (String ifNoneMatch : List.of(etag, "W/" + etag, "\"older\", " + etag, "*")) {
      HttpResponse<Buffer> response = shop.api().get("/api/v1/content/sweet-tea.jpeg").putHeader("if-none-match", ifNoneMatch)
          .send().await();

      assertThat(response.statusCode()).as(ifNoneMatch).isEqualTo(304);
      assertThat(response.getHeader("etag")).isEqualTo(etag);
      assertThat(response.getHeader("cache-control")).isEqualTo("public, max-age=3600");
      assertThat(response.body()).as("no body").satisfiesAnyOf(
          body -> assertThat(body).isNull(), body -> assertThat(body.length()).isZero());
    }
  }

  @Test
  void anOutdatedCopyGetsTheImageAgain() {
    HttpResponse<Buffer> response = shop.api().get("/api/v1/content/sweet-tea.jpeg").putHeader("if-none-match", "\"older\"")
        .send().await();

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).isEqualTo("image/jpeg");
  }

  @Test
  void theStorefrontsGatewayPassesTheImageAndItsCacheHeadersThrough() {
    HttpResponse<Buffer> direct = get("/api/v1/content/water.jpeg");
    WebClient storefront = WebClient.create(shop.clientVertx(), new WebClientOptions().setDefaultHost("127.0.0.1")
        .setDefaultPort(shop.config().ports().webGateway()));

    HttpResponse<Buffer> viaStorefront = storefront.get("/api/v1/content/water.jpeg").send().await();
    HttpResponse<Buffer> revalidated = storefront.get("/api/v1/content/water.jpeg")
        .putHeader("if-none-match", direct.getHeader("etag")).send().await();

    assertThat(viaStorefront.statusCode()).isEqualTo(200);
    assertThat(viaStorefront.getHeader("content-type")).isEqualTo("image/jpeg");
    assertThat(viaStorefront.getHeader("etag")).isEqualTo(direct.getHeader("etag"));
    assertThat(viaStorefront.getHeader("cache-control")).isEqualTo("public, max-age=3600");
    assertThat(viaStorefront.body()).isEqualTo(direct.body());
    assertThat(revalidated.statusCode()).isEqualTo(304);
  }

  @Test
  void unknownNamesAre404Json() {
    for (String name : List.of("nope.jpeg", "sweet-tea.png", "SWEET-TEA.JPEG", "sweet-tea.jpeg.bak", "sweet-tea", "%20")) {
      HttpResponse<Buffer> response = get("/api/v1/content/" + name);

      assertThat(response.statusCode()).as(name).isEqualTo(404);
      assertThat(response.getHeader("content-type")).as(name).isEqualTo("application/json");
      assertThat(response.bodyAsJsonObject()).as(name)
          .isEqualTo(new JsonObject().put("message", "failure").put("error", "no such image"));
    }
  }

  @Test
  void pathTraversalNeverLeavesTheImageStore() {
    List<String> attempts = List.of(
        "/api/v1/content/../../../../etc/passwd",
        "/api/v1/content/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/api/v1/content/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
        "/api/v1/content/..%2f..%2f..%2fetc%2fpasswd",
        "/api/v1/content/..%252f..%252fetc%252fpasswd",
        "/api/v1/content//etc/passwd",
        "/api/v1/content/%2Fetc%2Fpasswd",
        "/api/v1/content/..%5c..%5c..%5cetc%5cpasswd",
        "/api/v1/content/C:%5CWindows%5Cwin.ini",
        "/api/v1/content/file:%2F%2F%2Fetc%2Fpasswd",
        "/api/v1/content/seed%2Fproducts.csv",
        "/api/v1/content/..%2Fseed%2Fproducts.csv",
        "/api/v1/content/content%2Fimages%2Fsweet-tea.jpeg",
        "/api/v1/content/sweet-tea.jpeg%00.csv",
        "/api/v1/content/io/microbs/ecommerce/content/ContentVerticle.class");
    for (String path : attempts) {
      HttpResponse<Buffer> response = get(path);

      System.out.println("ATTEMPT " + path + " -> " + response.statusCode() + " " + response.bodyAsString());
      assertThat(response.statusCode()).as(path).isEqualTo(404);
      assertThat(response.getHeader("content-type")).as(path).isEqualTo("application/json");
      assertThat(response.bodyAsJsonObject().getString("message")).as(path).isEqualTo("failure");
      assertThat(response.bodyAsString()).as(path).doesNotContain("root:", "id,name", "[fonts]");
    }
  }

  @Test
  void aDotSegmentThatStaysInsideTheStoreIsResolvedLikeAnyUrl() {
    HttpResponse<Buffer> response = get("/api/v1/content/sweet-tea.jpeg/../water.jpeg");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).isEqualTo(get("/api/v1/content/water.jpeg").body());
  }
}
