package io.microbs.ecommerce.product;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.RunningShop;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The catalogue through the api gateway, against a real PostgreSQL, with the reference's shapes. */
class ProductCatalogueTest {
  private static final List<String> TOP_SIX = List.of("f95e2475", "d0a9442c", "d1030594", "93088621", "f1241fff", "ef628c62");

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("web-gateway,api-gateway,product");

  private static HttpResponse<Buffer> post(String path, String body) {
    return shop.api().post(path).putHeader("content-type", "application/json").sendBuffer(Buffer.buffer(body)).await();
  }

  private static List<String> ids(JsonArray products) {
    return products.stream().map(product -> ((JsonObject) product).getString("id")).toList();
  }

  @Test
  void homePageSearchGivesTheSixBestRatedWithSweetTeaFirst() {
    HttpResponse<Buffer> response = post("/api/v1/product/search", "{\"query\":\"\",\"page\":{\"size\":6}}");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("content-type")).isEqualTo("application/json");
    JsonObject body = response.bodyAsJsonObject();
    assertThat(body.getJsonObject("meta").getJsonObject("page").getInteger("total_results")).isEqualTo(6);
    // rating desc, then reviews desc, then id: the 4.8 ties resolve the same way on every run
    assertThat(ids(body.getJsonArray("results"))).containsExactlyElementsOf(TOP_SIX);
  }

  @Test
  void productsHaveTheReferenceFieldsInSortedOrder() {
    JsonObject sweetTea = post("/api/v1/product/documents", "[\"f95e2475\"]").bodyAsJsonArray().getJsonObject(0);

    assertThat(sweetTea.fieldNames()).containsExactly("alcoholic", "category", "description", "filename", "id", "name",
        "price", "rating", "reviews", "temperature", "type");
    assertThat(sweetTea.encode()).isEqualTo("{\"alcoholic\":\"non-alcoholic\",\"category\":null,\"description\":\"Sweet Tea\","
        + "\"filename\":\"sweet-tea.jpeg\",\"id\":\"f95e2475\",\"name\":\"Sweet Tea\",\"price\":3.5,\"rating\":5.0,"
        + "\"reviews\":2,\"temperature\":\"cold\",\"type\":\"tea\"}");
  }

  @Test
  void emptyCsvCellsAreNull() {
    JsonArray rows = post("/api/v1/product/documents", "[\"b99f11f0\", \"f1241fff\"]").bodyAsJsonArray();

    JsonObject orchidTea = rows.stream().map(JsonObject.class::cast).filter(p -> p.getString("id").equals("b99f11f0")).findFirst().orElseThrow();
    JsonObject kenyanBeans = rows.stream().map(JsonObject.class::cast).filter(p -> p.getString("id").equals("f1241fff")).findFirst().orElseThrow();
    assertThat(orchidTea.getValue("description")).isNull();
    assertThat(kenyanBeans.getValue("temperature")).isNull();
  }

  @Test
  void documentsWithoutIdsGiveTheWholeCatalogueOnce() {
    assertThat(post("/api/v1/product/documents", "").bodyAsJsonArray()).hasSize(32);
    assertThat(post("/api/v1/product/documents", "[]").bodyAsJsonArray()).hasSize(32);
    assertThat(shop.api().get("/api/v1/product/documents").send().await().bodyAsJsonArray()).hasSize(32);
  }

  @Test
  void documentsByIdAreRankedAndIgnoreUnknownIds() {
    JsonArray rows = post("/api/v1/product/documents", "[\"9a7d729b\", \"F95E2475\", \"00000000\"]").bodyAsJsonArray();

    assertThat(ids(rows)).containsExactly("f95e2475", "9a7d729b");
  }

  @Test
  void searchMatchesNameOrDescriptionCaseInsensitively() {
    JsonObject body = post("/api/v1/product/search", "{\"query\":\"IRISH\"}").bodyAsJsonObject();

    assertThat(ids(body.getJsonArray("results"))).containsExactly("d1030594");
    JsonObject teas = post("/api/v1/product/search", "{\"query\":\"tea\",\"page\":{\"size\":3}}").bodyAsJsonObject();
    assertThat(teas.getJsonArray("results")).hasSize(3);
    assertThat(teas.getJsonObject("meta").getJsonObject("page").getInteger("total_results")).isEqualTo(3);
  }

  @Test
  void searchWithoutABodyListsEverything() {
    JsonObject body = post("/api/v1/product/search", "").bodyAsJsonObject();

    assertThat(body.getJsonArray("results")).hasSize(32);
  }

  @Test
  void suggestionsAnswerLikeSearch() {
    String request = "{\"query\":\"coffee\",\"page\":{\"size\":4}}";

    assertThat(post("/api/v1/product/suggestions", request).bodyAsJsonObject())
        .isEqualTo(post("/api/v1/product/search", request).bodyAsJsonObject());
  }

  @Test
  void quotesAndWildcardsInASearchAreMatchedLiterally() {
    assertThat(post("/api/v1/product/search", "{\"query\":\"%\"}").bodyAsJsonObject().getJsonArray("results")).isEmpty();
    assertThat(post("/api/v1/product/search", "{\"query\":\"_\"}").bodyAsJsonObject().getJsonArray("results")).isEmpty();
    assertThat(post("/api/v1/product/search", "{\"query\":\"' OR 1=1 --\"}").bodyAsJsonObject().getJsonArray("results")).isEmpty();
    assertThat(post("/api/v1/product/search", "{\"query\":\"'; DROP TABLE products; --\"}").statusCode()).isEqualTo(200);
    assertThat(post("/api/v1/product/documents", "").bodyAsJsonArray()).hasSize(32);
  }

  @Test
  void injectionThroughProductIdsIsRejected() {
    HttpResponse<Buffer> response = post("/api/v1/product/documents", "[\"f95e2475') OR ('1'='1\"]");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject()
        .put("message", "failure").put("error", "product ids are 8 hex characters"));
  }

  @Test
  void badInputIsAnswered400WithTheReason() {
    assertBadRequest(post("/api/v1/product/search", "{\"query\":"), "body is not valid JSON");
    assertBadRequest(post("/api/v1/product/search", "[1,2]"), "body must be a JSON object");
    assertBadRequest(post("/api/v1/product/search", "{\"query\":42}"), "query must be a string");
    assertBadRequest(post("/api/v1/product/search", "{\"query\":\"" + "x".repeat(201) + "\"}"), "query must be at most 200 characters");
    assertBadRequest(post("/api/v1/product/search", "{\"page\":6}"), "page must be an object like {\"size\":6}");
    for (String size : List.of("0", "-1", "1001", "2.5", "\"six\"", "\"ALL\"", "\"all \"", "true", "[]", "{}")) {
      assertBadRequest(post("/api/v1/product/search", "{\"page\":{\"size\":" + size + "}}"),
          "page.size must be a whole number from 1 to 1000 or \"all\"");
    }
    assertBadRequest(post("/api/v1/product/documents", "{\"ids\":[]}"), "body must be a JSON array of at most 100 product ids");
    assertBadRequest(post("/api/v1/product/documents", "[42]"), "product ids are 8 hex characters");
  }

  @Test
  void aNullQueryOrPageSearchesLikeNoneOnBothGateways() {
    for (String body : List.of("{\"query\":null}", "{\"query\":null,\"page\":null}", "{\"query\":null,\"page\":{\"size\":null}}")) {
      for (String path : List.of("/api/v1/product/search", "/api/v1/product/suggestions")) {
        HttpResponse<Buffer> internal = post(path, body);
        HttpResponse<Buffer> outside = shop.browser().client().post(path).putHeader("content-type", "application/json")
            .sendBuffer(Buffer.buffer(body)).await();

        for (HttpResponse<Buffer> response : List.of(internal, outside)) {
          assertThat(response.statusCode()).as(path + " " + body).isEqualTo(200);
          assertThat(response.bodyAsJsonObject().getJsonArray("results")).as(path + " " + body).hasSize(32);
        }
      }
    }
  }

  @Test
  void pageSizeAllAndTheLargestPageAreAccepted() {
    assertThat(post("/api/v1/product/search", "{\"page\":{\"size\":\"all\"}}").bodyAsJsonObject().getJsonArray("results")).hasSize(32);
    assertThat(post("/api/v1/product/search", "{\"page\":{\"size\":1000}}").bodyAsJsonObject().getJsonArray("results")).hasSize(32);
  }

  @Test
  void unknownProductRouteIs404AndWrongMethodIs405() {
    HttpResponse<Buffer> missing = shop.api().get("/api/v1/product/nothing-here").send().await();
    HttpResponse<Buffer> wrongMethod = shop.api().delete("/api/v1/product/search").send().await();

    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.bodyAsJsonObject().getString("message")).isEqualTo("failure");
    assertThat(wrongMethod.statusCode()).isEqualTo(405);
  }

  private static void assertBadRequest(HttpResponse<Buffer> response, String error) {
    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(response.getHeader("content-type")).isEqualTo("application/json");
    assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("message", "failure").put("error", error));
  }
}
