package io.microbs.ecommerce.cart;

import io.microbs.ecommerce.cart.api.CartClient;
import io.microbs.ecommerce.platform.bus.BodySchema;
import io.microbs.ecommerce.platform.bus.CallTimeouts;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceRequest;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.bus.ServiceRouter;
import io.microbs.ecommerce.platform.data.RedisAddress;
import io.microbs.ecommerce.platform.data.RedisData;
import io.microbs.ecommerce.product.api.CatalogueClient;
import io.microbs.ecommerce.product.api.ProductId;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import java.util.regex.Pattern;

/**
 * Carts per session, with the reference's endpoints: {@code POST /} shows a cart, {@code DELETE /}
 * empties it, {@code PUT /<product>/<quantity>} sets a line, {@code DELETE /<product>} removes one;
 * and beyond it {@code POST /<product>} with {@code {"add":n}} changes a line by an amount, atomically.
 */
public class CartVerticle extends VerticleBase {
  private static final Pattern QUANTITY = Pattern.compile("\\d{1,2}");
  private static final String READINESS = "cart-data";
  private static final BodySchema ADD = BodySchema.of("""
      {
        "type": "object", "required": ["add"],
        "properties": {"add": {"type": "integer", "minimum": -99, "maximum": 99}},
        "errorMessage": "add must be a whole number from -99 to 99"
      }
      """);

  private final RedisAddress cartDataAddress;
  private final CartSettings settings;
  private final CallTimeouts timeouts;
  private final HealthChecks readiness;
  private RedisData cartData;
  private CartStore carts;
  private Catalogue catalogue;

  public CartVerticle(RedisAddress cartData, CartSettings settings, CallTimeouts timeouts, HealthChecks readiness) {
    this.cartDataAddress = cartData;
    this.settings = settings;
    this.timeouts = timeouts;
    this.readiness = readiness;
  }

  @Override
  public Future<?> start() {
    cartData = new RedisData(vertx, "cart-data", cartDataAddress);
    carts = new CartStore(cartData, settings.ttl(), new CartFaults(vertx));
    catalogue = new Catalogue(new CatalogueClient(vertx, timeouts.service()));
    readiness.register(READINESS, 1_000, carts::checkReadiness);
    return ServiceRouter.of(Service.CART, config())
        .on(CartClient.READ, this::showCart)
        .on(CartClient.CLEAR, this::clearCart)
        .put("/:productId/:quantity", this::setQuantity)
        .post("/:productId", this::addQuantity)
        .delete("/:productId", this::removeItem)
        .listen(vertx);
  }

  @Override
  public Future<?> stop() {
    readiness.unregister(READINESS);
    return cartData.close();
  }

  private Future<ServiceResponse> showCart(ServiceRequest request) {
    return carts.items(request.sessionId()).map(CartVerticle::success);
  }

  private Future<ServiceResponse> clearCart(ServiceRequest request) {
    return carts.clear(request.sessionId()).map(CartVerticle::success);
  }

  private Future<ServiceResponse> setQuantity(ServiceRequest request) {
    String session = request.sessionId();
    String productId = productId(request);
    int quantity = quantity(request.param("quantity"));
    return catalogue.requireProduct(productId)
        .compose(exists -> carts.setQuantity(session, productId, quantity))
        .map(CartVerticle::success);
  }

  private Future<ServiceResponse> addQuantity(ServiceRequest request) {
    String session = request.sessionId();
    String productId = productId(request);
    int add = request.jsonObject(ADD).getInteger("add");
    return catalogue.requireProduct(productId)
        .compose(exists -> carts.addQuantity(session, productId, add))
        .map(quantity -> {
          if (quantity < 0) {
            throw ServiceException.badRequest("a cart holds at most " + CartStore.MAX_QUANTITY + " of a product");
          }
          return success(quantity);
        });
  }

  private Future<ServiceResponse> removeItem(ServiceRequest request) {
    return carts.remove(request.sessionId(), productId(request)).map(CartVerticle::success);
  }

  private static String productId(ServiceRequest request) {
    return ProductId.parse(request.param("productId"));
  }

  private static int quantity(String text) {
    if (!QUANTITY.matcher(text).matches()) {
      throw ServiceException.badRequest("quantity must be a whole number from 0 to " + CartStore.MAX_QUANTITY);
    }
    return Integer.parseInt(text);
  }

  private static ServiceResponse success(Object data) {
    return ServiceResponse.ok(new JsonObject().put("data", data).put("message", "success"));
  }
}
