package io.microbs.ecommerce.payment.api;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceClient;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.Locale;

/**
 * The payment processor as checkout calls it, over the event bus: {@code POST /process},
 * {@code POST /void} and {@code GET /charges/<transaction id>}.
 */
public final class PaymentClient {
  private final ServiceClient client;

  public PaymentClient(Vertx vertx, Duration timeout) {
    this.client = new ServiceClient(vertx, timeout);
  }

  /**
   * Charges {@code card} (the shopper's, passed as given) {@code amount} under {@code transactionId}.
   * A decline is an answer, not a failure: the processor's 4xx response comes back for the caller to
   * relay; not answering in time fails with a {@link ServiceException} 504.
   */
  public Future<ServiceResponse> charge(String transactionId, BigDecimal amount, Object card) {
    JsonObject request = new JsonObject()
        .put("amount", amount.doubleValue())
        .put("card", card)
        .put("transaction_id", transactionId);
    return client.request(Service.PAYMENT, HttpMethod.POST, "/process", request.toBuffer());
  }

  /** Takes the charge of {@code transactionId} back. */
  public Future<Void> voidCharge(String transactionId) {
    return client.request(Service.PAYMENT, HttpMethod.POST, "/void",
            new JsonObject().put("transaction_id", transactionId).toBuffer())
        .map(response -> response.requireSuccess(Service.PAYMENT))
        .mapEmpty();
  }

  /** Where payment's record says {@code transactionId} stands. */
  public Future<ChargeStatus> status(String transactionId) {
    return client.request(Service.PAYMENT, HttpMethod.GET, "/charges/" + transactionId, Buffer.buffer())
        .map(response -> ChargeStatus.valueOf(
            response.requireSuccess(Service.PAYMENT).jsonObject().getString("status", "").toUpperCase(Locale.ROOT)));
  }
}
