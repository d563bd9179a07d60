package io.microbs.ecommerce.platform.http;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.AppenderBase;
import io.microbs.ecommerce.RunningShop;
import io.vertx.core.MultiMap;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.multipart.MultipartForm;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/** The bodies {@code /api} takes on both gateways: JSON only, whatever the method, and never a 500 for another kind. */
class JsonBodiesTest {
  private static final String SWEET_TEA = "f95e2475";
  private static final JsonObject NOT_JSON = new JsonObject().put("message", "failure")
      .put("error", "a request body must be JSON, sent as Content-Type: application/json");

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,api-gateway,product,cart");

  /** What the shop logs at warn or above while a test runs. */
  private final List<ILoggingEvent> warnings = new CopyOnWriteArrayList<>();
  private final AppenderBase<ILoggingEvent> warningCatcher = new AppenderBase<>() {
    @Override
    protected void append(ILoggingEvent event) {
      if (event.getLevel().isGreaterOrEqual(Level.WARN)) {
        warnings.add(event);
      }
    }
  };

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  @BeforeEach
  void catchWarnings() {
    warningCatcher.start();
    root().addAppender(warningCatcher);
  }

  @AfterEach
  void stopCatchingWarnings() {
    root().detachAppender(warningCatcher);
  }

  private static List<Integer> gateways() {
    return List.of(shop.config().ports().webGateway(), shop.config().ports().apiGateway());
  }

  private static HttpRequest<Buffer> request(HttpMethod method, int port, String path) {
    return shop.client().request(method, port, "127.0.0.1", path);
  }

  @Test
  void aFormOrMultipartBodyOnAnyMethodIsRefused415AndLoggedAsOneRequestLine() {
    MultiMap form = MultiMap.caseInsensitiveMultiMap().add("query", "tea");
    MultipartForm multipart = MultipartForm.create().attribute("query", "tea")
        .textFileUpload("file", "notes.txt", Buffer.buffer("some notes"), "text/plain");
    for (int port : gateways()) {
      for (HttpMethod method : List.of(HttpMethod.GET, HttpMethod.OPTIONS, HttpMethod.TRACE, HttpMethod.POST, HttpMethod.PUT,
          HttpMethod.DELETE, HttpMethod.PATCH)) {
        for (String path : List.of("/api/v1/product/search", "/api/v1/cart", "/api/v1/nope/x")) {
          HttpResponse<Buffer> asForm = request(method, port, path).sendForm(form).await();
          HttpResponse<Buffer> asMultipart = request(method, port, path).sendMultipartForm(multipart).await();

          assertThat(asForm.statusCode()).as("%s %s on %d with a form", method, path, port).isEqualTo(415);
          assertThat(asForm.bodyAsJsonObject()).isEqualTo(NOT_JSON);
          assertThat(asMultipart.statusCode()).as("%s %s on %d with multipart", method, path, port).isEqualTo(415);
          assertThat(asMultipart.bodyAsJsonObject()).isEqualTo(NOT_JSON);
        }
      }
    }
    assertThat(warnings).as("nothing but the request lines, no stack trace").isEmpty();
  }

  @Test
  void aMethodTheRouteDoesNotTakeIs405EvenWithAJsonBody() {
    for (int port : gateways()) {
      for (HttpMethod method : List.of(HttpMethod.TRACE, HttpMethod.OPTIONS, HttpMethod.PATCH)) {
        HttpResponse<Buffer> response = request(method, port, "/api/v1/product/search").sendJsonObject(new JsonObject()).await();

        assertThat(response.statusCode()).as("%s on %d", method, port).isEqualTo(405);
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "failure")
            .put("error", method + " is not allowed on /search"));
      }
    }
    assertThat(warnings).isEmpty();
  }

  @Test
  void apiBodiesMustBeJson() {
    String search = "{\"query\":\"tea\",\"page\":{\"size\":2}}";
    for (int port : gateways()) {
      for (String notJson : List.of("text/plain", "text/json", "application/x-www-form-urlencoded", "application/jsonp")) {
        HttpResponse<Buffer> refused = request(HttpMethod.POST, port, "/api/v1/product/search")
            .putHeader("content-type", notJson).sendBuffer(Buffer.buffer(search)).await();

        assertThat(refused.statusCode()).as("%s on %d", notJson, port).isEqualTo(415);
        assertThat(refused.bodyAsJsonObject()).isEqualTo(NOT_JSON);
      }
      HttpResponse<Buffer> untyped = request(HttpMethod.POST, port, "/api/v1/product/search").sendBuffer(Buffer.buffer(search)).await();
      assertThat(untyped.statusCode()).as("no Content-Type on %d", port).isEqualTo(415);

      for (String json : List.of("application/json", "Application/JSON; charset=utf-8", "application/vnd.shop+json")) {
        HttpResponse<Buffer> taken = request(HttpMethod.POST, port, "/api/v1/product/search")
            .putHeader("content-type", json).sendBuffer(Buffer.buffer(search)).await();

        assertThat(taken.statusCode()).as("%s on %d", json, port).isEqualTo(200);
        assertThat(taken.bodyAsJsonObject().getJsonArray("results")).hasSize(2);
      }
      HttpResponse<Buffer> bodiless = request(HttpMethod.POST, port, "/api/v1/product/search").send().await();
      assertThat(bodiless.statusCode()).as("no body on %d", port).isEqualTo(200);
    }

    String session = "{\"session_id\":\"typed.signature\"}";
    HttpResponse<Buffer> plainChange = request(HttpMethod.PUT, shop.config().ports().apiGateway(), "/api/v1/cart/" + SWEET_TEA + "/2")
        .putHeader("content-type", "text/plain").sendBuffer(Buffer.buffer(session)).await();
    JsonObject cart = request(HttpMethod.POST, shop.config().ports().apiGateway(), "/api/v1/cart")
        .sendJsonObject(new JsonObject(session)).await().bodyAsJsonObject();
    assertThat(plainChange.statusCode()).isEqualTo(415);
    assertThat(cart.getJsonObject("data")).as("the refused change changed nothing").isEmpty();
  }
}
