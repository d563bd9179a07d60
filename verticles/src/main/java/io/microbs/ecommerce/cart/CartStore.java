package io.microbs.ecommerce.cart;

import io.microbs.ecommerce.platform.data.DataUnavailableException;
import io.microbs.ecommerce.platform.data.RedisData;
import io.microbs.ecommerce.platform.data.RedisScript;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.Status;
import io.vertx.redis.client.Command;
import io.vertx.redis.client.Response;
import java.time.Duration;
import java.util.List;

/**
 * Carts in cart-data, as the reference keeps them: one hash {@code s:<session>} per cart, field the
 * product id, value the quantity. Every change is one Lua script, so it is atomic and refreshes the
 * cart's expiry in the same step: concurrent changes to one cart lose nothing.
 */
final class CartStore {
  /** Sets a quantity (0 removes the line); answers 1 for a new line, else 0, as HSET does. */
  private static final RedisScript SET_QUANTITY = RedisScript.of("""
      local answer
      if ARGV[2] == '0' then
        redis.call('HDEL', KEYS[1], ARGV[1])
        answer = 0
      else
        answer = redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
      end
      redis.call('EXPIRE', KEYS[1], ARGV[3])
      return answer
      """);

  /** Adds a (signed) amount to a quantity; the line goes at 0, and more than the maximum is refused with -1. */
  private static final RedisScript ADD_QUANTITY = RedisScript.of("""
      local quantity = tonumber(redis.call('HGET', KEYS[1], ARGV[1]) or '0') + tonumber(ARGV[2])
      if quantity > tonumber(ARGV[4]) then
        return -1
      end
      if quantity <= 0 then
        redis.call('HDEL', KEYS[1], ARGV[1])
        quantity = 0
      else
        redis.call('HSET', KEYS[1], ARGV[1], quantity)
      end
      redis.call('EXPIRE', KEYS[1], ARGV[3])
      return quantity
      """);

  /** Removes a line; answers how many were removed, as HDEL does. */
  private static final RedisScript REMOVE = RedisScript.of("""
      local removed = redis.call('HDEL', KEYS[1], ARGV[1])
      if redis.call('EXISTS', KEYS[1]) == 1 then
        redis.call('EXPIRE', KEYS[1], ARGV[2])
      end
      return removed
      """);

  static final int MAX_QUANTITY = 99;

  private final RedisData cartData;
  private final long ttlSeconds;
  private final CartFaults faults;

  CartStore(RedisData cartData, Duration ttl, CartFaults faults) {
    this.cartData = cartData;
    this.ttlSeconds = ttl.toSeconds();
    this.faults = faults;
  }

  /** cart-data, through the fault seam (where {@code cart-data-unavailable} takes it away). */
  private RedisData cartData() {
    return faults.reachable(cartData);
  }

  /** Whether cart-data answers: the readiness check, which the {@code cart-data-unavailable} variant fails too. */
  void checkReadiness(Promise<Status> promise) {
    try {
      cartData().checkReadiness(promise);
    } catch (DataUnavailableException away) {
      promise.tryComplete(Status.KO(new JsonObject().put("error", away.getMessage())));
    }
  }

  private static String key(String sessionId) {
    return "s:" + sessionId;
  }

  /** Product id → quantity (as strings, as the reference answers). */
  Future<JsonObject> items(String sessionId) {
    return cartData().send(Command.HGETALL, key(sessionId)).map(hash -> {
      JsonObject items = new JsonObject();
      for (String productId : hash.getKeys()) {
        items.put(productId, hash.get(productId).toString());
      }
      return items;
    });
  }

  Future<Integer> setQuantity(String sessionId, String productId, int quantity) {
    return cartData().eval(SET_QUANTITY, List.of(key(sessionId)), productId, quantity, ttlSeconds).map(Response::toInteger);
  }

  /** The new quantity, or -1 when it would exceed {@link #MAX_QUANTITY} (nothing is changed then). */
  Future<Integer> addQuantity(String sessionId, String productId, int amount) {
    return cartData().eval(ADD_QUANTITY, List.of(key(sessionId)), productId, amount, ttlSeconds, MAX_QUANTITY)
        .map(Response::toInteger);
  }

  Future<Integer> remove(String sessionId, String productId) {
    return cartData().eval(REMOVE, List.of(key(sessionId)), productId, ttlSeconds).map(Response::toInteger);
  }

  Future<Integer> clear(String sessionId) {
    return cartData().send(Command.DEL, key(sessionId)).map(Response::toInteger);
  }
}
