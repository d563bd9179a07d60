package io.microbs.ecommerce.payment;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceRequest;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.bus.ServiceRouter;
import io.microbs.ecommerce.platform.data.Migrations;
import io.microbs.ecommerce.platform.data.PgAddress;
import io.microbs.ecommerce.platform.data.Readiness;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.sqlclient.Pool;
import java.math.BigDecimal;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;

/**
 * The simulated payment processor, as the reference behaves: an invalid card (Luhn) is refused at
 * once with 400; a valid one is charged after a uniform 0.5–1.0 s delay, waited on a timer so no
 * thread is held. Unlike the reference it keeps a record of its charges by transaction id (in
 * product-data): {@code /process} charges a transaction once however often it is asked,
 * {@code /void} takes a charge back (checkout's compensation), and {@code GET /charges/<id>} says
 * where a transaction stands (charged, voided, or none), so checkout can settle its orders against it.
 */
public class PaymentVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(PaymentVerticle.class.getName());
  private static final List<String> MIGRATIONS = List.of("V1__create_charges.sql");
  private static final String READINESS = "charges";
  private static final int MAX_CARD_NUMBER_LENGTH = 32;
  private static final int MAX_TRANSACTION_ID_LENGTH = 100;
  /** The largest amount the record holds (NUMERIC(10, 2)), as orders' totals are. */
  private static final BigDecimal MAX_AMOUNT = new BigDecimal("99999999.99");

  private final PgAddress productData;
  private final HealthChecks readiness;
  private Pool pool;
  private ChargeStore charges;

  public PaymentVerticle(PgAddress productData, HealthChecks readiness) {
    this.productData = productData;
    this.readiness = readiness;
  }

  @Override
  public Future<?> start() {
    return Migrations.migratedPool(vertx, productData, 4, "payment", MIGRATIONS)
        .compose(migrated -> {
          pool = migrated;
          charges = new ChargeStore(pool);
          readiness.register(READINESS, 1_000, Readiness.answers(pool));
          return ServiceRouter.of(Service.PAYMENT, config())
              .post("/process", this::charge)
              .post("/void", this::voidCharge)
              .get("/charges/:transactionId", this::showCharge)
              .listen(vertx);
        });
  }

  @Override
  public Future<?> stop() {
    readiness.unregister(READINESS);
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  private Future<ServiceResponse> charge(ServiceRequest request) {
    JsonObject body = request.jsonObject();
    String digits = cardDigits(body);
    String transactionId = transactionId(body.getValue("transaction_id"));
    BigDecimal amount = amount(body);
    if (!Luhn.isValid(digits)) {
      return Future.succeededFuture(ServiceResponse.json(400,
          new JsonObject().put("message", "failure").put("reason", "Invalid card number")));
    }
    Promise<Void> processed = Promise.promise();
    vertx.setTimer(ThreadLocalRandom.current().nextLong(500, 1_001), timer -> processed.complete());
    return processed.future()
        .compose(done -> charges.charge(transactionId, amount))
        .map(status -> status.equals(ChargeStore.CHARGED)
            ? ServiceResponse.ok(new JsonObject().put("message", "success"))
            : ServiceResponse.failure(409, "transaction " + transactionId + " was voided"));
  }

  private Future<ServiceResponse> voidCharge(ServiceRequest request) {
    String transactionId = transactionId(request.jsonObject().getValue("transaction_id"));
    return charges.voidCharge(transactionId).map(voided -> {
      LOG.info("voided the charge of transaction " + transactionId);
      return ServiceResponse.ok(new JsonObject().put("message", "success"));
    });
  }

  private Future<ServiceResponse> showCharge(ServiceRequest request) {
    String transactionId = transactionId(request.param("transactionId"));
    return charges.status(transactionId).map(status -> ServiceResponse.ok(new JsonObject()
        .put("transaction_id", transactionId)
        .put("status", status.orElse("none"))));
  }

  private static String transactionId(Object value) {
    if (!(value instanceof String id) || id.isEmpty() || id.length() > MAX_TRANSACTION_ID_LENGTH) {
      throw ServiceException.badRequest("transaction_id is missing");
    }
    return id;
  }

  private static BigDecimal amount(JsonObject body) {
    Object value = body.getValue("amount");
    double amount = value instanceof Number number ? number.doubleValue() : Double.NaN;
    // NaN and the infinities (1e400, a 400-digit integer) fail both comparisons
    if (!(amount >= 0 && amount <= MAX_AMOUNT.doubleValue())) {
      throw ServiceException.badRequest("amount must be a number from 0 to " + MAX_AMOUNT);
    }
    return BigDecimal.valueOf(amount);
  }

  /** The card number's digits; a missing or malformed card is the caller's mistake. The number itself is never logged. */
  private static String cardDigits(JsonObject body) {
    Object card = body.getValue("card");
    if (!(card instanceof JsonObject details)) {
      throw ServiceException.badRequest("card is missing");
    }
    Object number = details.getValue("number");
    if (!(number instanceof String text) || text.length() > MAX_CARD_NUMBER_LENGTH) {
      throw ServiceException.badRequest("card.number must be a string of at most " + MAX_CARD_NUMBER_LENGTH + " characters");
    }
    String digits = Luhn.digitsOf(text);
    if (digits.isEmpty()) {
      throw ServiceException.badRequest("card.number holds no digits");
    }
    return digits;
  }
}
