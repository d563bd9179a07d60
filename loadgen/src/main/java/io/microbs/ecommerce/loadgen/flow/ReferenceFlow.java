package io.microbs.ecommerce.loadgen.flow;

import io.microbs.ecommerce.loadgen.engine.Flow;
import io.microbs.ecommerce.loadgen.engine.Step;
import io.microbs.ecommerce.loadgen.engine.Visit;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The reference's own k6 script as it is written, without its seven image requests: 13 requests in
 * five groups with a pause after each, always Sweet Tea, the hard-coded amount 3.5, the card without
 * its postal code (the script's {@code postal_codde} typo). It is the yardstick the reference's
 * throughput was measured with, so the same visit can be compared; the checks are light (status and
 * type) to keep the loadgen's own cost low.
 */
final class ReferenceFlow implements Flow {
  private static final String SWEET_TEA = "f95e2475";
  private static final double AMOUNT = 3.5;
  private static final String SESSION_COOKIE = "session_id";
  private static final List<Step> STEPS = List.of(
      ShopperStep.HOME_PAGE, ShopperStep.HOME_SEARCH, ShopperStep.HOME_CART,
      ShopperStep.ADD_ITEM, ShopperStep.ADD_CART, ShopperStep.ADD_DETAILS,
      ShopperStep.CART_PAGE, ShopperStep.CART_DETAILS,
      ShopperStep.CHECKOUT_PAGE, ShopperStep.CHECKOUT_CART, ShopperStep.CHECKOUT_DETAILS,
      ShopperStep.PAY, ShopperStep.PAY_CART);
  private static final Buffer HOME_SEARCH = ShopperFlow.HOME_SEARCH.toBuffer();
  private static final Buffer DOCUMENTS = new JsonArray().add(SWEET_TEA).toBuffer();

  @Override
  public String name() {
    return "reference";
  }

  @Override
  public List<Step> steps() {
    return STEPS;
  }

  @Override
  public boolean browses() {
    return true;
  }

  @Override
  public Future<Void> visit(Visit visit) {
    return visit.send(ShopperStep.HOME_PAGE, visit.get("/"), null, Expectations::page)
        .compose(page -> json(visit, ShopperStep.HOME_SEARCH, "/api/v1/product/search", HOME_SEARCH))
        .compose(done -> json(visit, ShopperStep.HOME_CART, "/api/v1/cart", session(visit)))
        .compose(done -> visit.pause())
        .compose(paused -> visit.send(ShopperStep.ADD_ITEM, visit.put("/api/v1/cart/" + SWEET_TEA + "/1"), session(visit),
            ReferenceFlow::json))
        .compose(done -> json(visit, ShopperStep.ADD_CART, "/api/v1/cart", session(visit)))
        .compose(done -> json(visit, ShopperStep.ADD_DETAILS, "/api/v1/product/documents", DOCUMENTS))
        .compose(done -> visit.pause())
        .compose(paused -> visit.send(ShopperStep.CART_PAGE, visit.get("/cart"), null, Expectations::page))
        .compose(done -> json(visit, ShopperStep.CART_DETAILS, "/api/v1/product/documents", DOCUMENTS))
        .compose(done -> visit.pause())
        .compose(paused -> visit.send(ShopperStep.CHECKOUT_PAGE, visit.get("/checkout"), null, Expectations::page))
        .compose(done -> json(visit, ShopperStep.CHECKOUT_CART, "/api/v1/cart", session(visit)))
        .compose(done -> json(visit, ShopperStep.CHECKOUT_DETAILS, "/api/v1/product/documents", DOCUMENTS))
        .compose(done -> visit.pause())
        .compose(paused -> visit.send(ShopperStep.PAY, visit.post("/api/v1/checkout/process"), order(visit), response -> {
          Expectations.success(response);
          return null;
        }))
        .compose(done -> json(visit, ShopperStep.PAY_CART, "/api/v1/cart", session(visit)))
        .compose(done -> visit.pause());
  }

  private static Future<Void> json(Visit visit, Step step, String path, Buffer body) {
    return visit.send(step, visit.post(path), body.slice(), ReferenceFlow::json);
  }

  /** {@code {"session_id": …}}, the cookie's value, as the script sends with every cart call. */
  private static Buffer session(Visit visit) {
    return new JsonObject().put("session_id", visit.cookie(SESSION_COOKIE)).toBuffer();
  }

  private static Void json(HttpResponse<Buffer> response) {
    Expectations.ok(response, "application/json");
    return null;
  }

  /** The script's payment: the hard-coded amount, the user's address twice, the card without its postal code. */
  private static Buffer order(Visit visit) {
    Customer customer = Customer.random(ThreadLocalRandom.current());
    JsonObject card = customer.card().copy();
    card.remove("postal_code");
    return new JsonObject()
        .put("amount", AMOUNT)
        .put("shipping", new JsonObject().put("address", customer.address()))
        .put("billing", new JsonObject().put("address", customer.address()).put("card", card))
        .put("session_id", visit.cookie(SESSION_COOKIE))
        .toBuffer();
  }
}
