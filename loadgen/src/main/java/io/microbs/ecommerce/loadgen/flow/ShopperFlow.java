package io.microbs.ecommerce.loadgen.flow;

import static io.microbs.ecommerce.loadgen.flow.Expectations.expect;

import io.microbs.ecommerce.loadgen.engine.Flow;
import io.microbs.ecommerce.loadgen.engine.Step;
import io.microbs.ecommerce.loadgen.engine.Visit;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The reference's synthetics (its k6 script): a new browser loads the home page, adds a product to
 * its cart, views the cart, proceeds to checkout and pays; 20 requests in five groups with a pause
 * after each. What the reference got wrong is fixed: the images loaded are those of the products the
 * search returned, the product added is one of them, the card is Luhn-valid and carries its postal
 * code, the amount is the cart's, and every response is checked (status, type and body).
 */
final class ShopperFlow implements Flow {
  /** The home page's search: the six best-rated products. */
  static final JsonObject HOME_SEARCH = new JsonObject().put("query", "").put("page", new JsonObject().put("size", 6));
  private static final int HOME_PRODUCTS = 6;
  private static final Pattern PRODUCT_ID = Pattern.compile("[0-9a-f]{8}");
  private static final String SESSION_COOKIE = "session_id";

  private static final Buffer HOME_SEARCH_BODY = HOME_SEARCH.toBuffer();

  @Override
  public String name() {
    return "shopper";
  }

  @Override
  public List<Step> steps() {
    return List.of(ShopperStep.values());
  }

  @Override
  public boolean browses() {
    return true;
  }

  @Override
  public Future<Void> visit(Visit visit) {
    Trip trip = new Trip(visit);
    return trip.loadHome()
        .compose(done -> visit.pause()).compose(paused -> trip.addToCart())
        .compose(done -> visit.pause()).compose(paused -> trip.viewCart())
        .compose(done -> visit.pause()).compose(paused -> trip.proceedToCheckout())
        .compose(done -> visit.pause()).compose(paused -> trip.pay())
        .compose(done -> visit.pause());
  }

  /** A product as the storefront shows it. */
  private record Product(String id, String filename, double price) {
    static Product from(JsonObject json) {
      String id = json.getString("id");
      expect(id != null && PRODUCT_ID.matcher(id).matches(), "product id " + id + " is not 8 hex characters");
      String filename = json.getString("filename");
      expect(filename != null && !filename.isEmpty(), "product " + id + " has no image file name");
      Number price = json.getNumber("price");
      expect(price != null && price.doubleValue() > 0, "product " + id + " has no price");
      return new Product(id, filename, price.doubleValue());
    }
  }

  /** One visit's state: the browser's session, what the home page showed, what went into the cart. */
  private static final class Trip {
    private final Visit visit;
    private final Customer customer = Customer.random(ThreadLocalRandom.current());
    private final int quantity = 1 + ThreadLocalRandom.current().nextInt(3);
    private String sessionId;
    private List<Product> shown;
    private Product chosen;

    Trip(Visit visit) {
      this.visit = visit;
    }

    Future<Void> loadHome() {
      return visit.send(ShopperStep.HOME_PAGE, visit.get("/"), null, response -> {
            Expectations.page(response);
            expect(response.cookies().stream().anyMatch(cookie -> cookie.startsWith(SESSION_COOKIE + "=")),
                "no " + SESSION_COOKIE + " cookie set");
            return null;
          })
          .compose(page -> {
            sessionId = visit.cookie(SESSION_COOKIE);
            return visit.send(ShopperStep.HOME_SEARCH, visit.post("/api/v1/product/search"), HOME_SEARCH_BODY.slice(),
                this::products);
          })
          .compose(products -> {
            shown = products;
            return visit.send(ShopperStep.HOME_CART, visit.post("/api/v1/cart"), session(), response -> {
              expect(cart(response).isEmpty(), "a new browser's cart is not empty");
              return null;
            });
          })
          .compose(cart -> loadImages(0));
    }

    /** The images of the products the search returned, one after another as k6 loads them. */
    private Future<Void> loadImages(int index) {
      if (index == shown.size()) {
        return Future.succeededFuture();
      }
      String path = "/api/v1/content/" + shown.get(index).filename;
      return visit.send(ShopperStep.HOME_IMAGES, visit.get(path), null, Expectations::jpeg)
          .compose(image -> loadImages(index + 1));
    }

    Future<Void> addToCart() {
      chosen = shown.get(ThreadLocalRandom.current().nextInt(shown.size()));
      String item = "/api/v1/cart/" + chosen.id + "/" + quantity;
      return visit.send(ShopperStep.ADD_ITEM, visit.put(item), session(), response -> {
            Expectations.success(response);
            return null;
          })
          .compose(added -> visit.send(ShopperStep.ADD_CART, visit.post("/api/v1/cart"), session(), this::holdsChosenItem))
          .compose(cart -> details(ShopperStep.ADD_DETAILS));
    }

    Future<Void> viewCart() {
      return visit.send(ShopperStep.CART_PAGE, visit.get("/cart"), null, Expectations::page)
          .compose(page -> details(ShopperStep.CART_DETAILS))
          .compose(details -> visit.send(ShopperStep.CART_IMAGE, visit.get("/api/v1/content/" + chosen.filename), null,
              Expectations::jpeg));
    }

    Future<Void> proceedToCheckout() {
      return visit.send(ShopperStep.CHECKOUT_PAGE, visit.get("/checkout"), null, Expectations::page)
          .compose(page -> visit.send(ShopperStep.CHECKOUT_CART, visit.post("/api/v1/cart"), session(),
              this::holdsChosenItem))
          .compose(cart -> details(ShopperStep.CHECKOUT_DETAILS));
    }

    Future<Void> pay() {
      JsonObject order = new JsonObject()
          .put("amount", amount())
          .put("shipping", new JsonObject().put("address", customer.address()))
          .put("billing", new JsonObject().put("address", customer.address()).put("card", customer.card()))
          .put("session_id", sessionId);
      return visit.send(ShopperStep.PAY, visit.post("/api/v1/checkout/process"), order.toBuffer(), response -> {
            Object orderId = Expectations.success(response).getValue("order_id");
            expect(orderId instanceof String id && !id.isEmpty(), "no order_id in the checkout's answer");
            return null;
          })
          .compose(paid -> visit.send(ShopperStep.PAY_CART, visit.post("/api/v1/cart"), session(), response -> {
            expect(cart(response).isEmpty(), "the cart is not empty after checkout");
            return null;
          }));
    }

    /** The chosen product's details, as the cart and checkout pages fetch them; its price is the one to pay. */
    private Future<Void> details(ShopperStep step) {
      Buffer ids = new JsonArray().add(chosen.id).toBuffer();
      return visit.send(step, visit.post("/api/v1/product/documents"), ids, response -> {
        JsonArray documents = Expectations.jsonArray(response);
        expect(documents.size() == 1, documents.size() + " documents for 1 id");
        Product product = Product.from(documents.getJsonObject(0));
        expect(product.id.equals(chosen.id), "documents answered " + product.id + " for " + chosen.id);
        chosen = product;
        return null;
      });
    }

    /** What the cart pages show: the cart (product id → quantity). */
    private JsonObject cart(HttpResponse<Buffer> response) {
      JsonObject data = Expectations.success(response).getJsonObject("data");
      expect(data != null, "the cart has no data");
      return data;
    }

    private Void holdsChosenItem(HttpResponse<Buffer> response) {
      JsonObject cart = cart(response);
      Object held = cart.getValue(chosen.id);
      expect(cart.size() == 1 && held != null && String.valueOf(held).equals(Integer.toString(quantity)),
          "the cart holds " + cart.encode() + ", expected " + quantity + " of " + chosen.id);
      return null;
    }

    private List<Product> products(HttpResponse<Buffer> response) {
      JsonObject body = Expectations.jsonObject(response);
      JsonArray results = body.getJsonArray("results");
      expect(results != null && results.size() == HOME_PRODUCTS,
          "search gave " + (results == null ? "no" : results.size()) + " results, expected " + HOME_PRODUCTS);
      List<Product> products = new ArrayList<>(results.size());
      for (int i = 0; i < results.size(); i++) {
        products.add(Product.from(results.getJsonObject(i)));
      }
      return products;
    }

    /** The body the storefront sends with cart calls; the web gateway takes the session from the cookie anyway. */
    private Buffer session() {
      return new JsonObject().put("session_id", sessionId).toBuffer();
    }

    /** The cart's real total, to the cent. */
    private double amount() {
      return BigDecimal.valueOf(chosen.price).multiply(BigDecimal.valueOf(quantity)).setScale(2, RoundingMode.HALF_UP)
          .doubleValue();
    }
  }
}
