package io.microbs.ecommerce.payment.api;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceClient;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import java.math.BigDecimal;
import java.time.Duration;

/** The payment processor as checkout calls it, over the event bus: {@code POST /process} and {@code POST /void}. */
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
}
