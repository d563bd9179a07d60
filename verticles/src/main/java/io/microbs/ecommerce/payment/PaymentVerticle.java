package io.microbs.ecommerce.payment;

import io.microbs.ecommerce.payment.api.PaymentClient;
import io.microbs.ecommerce.platform.bus.BodySchema;
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
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The simulated payment processor, as the reference behaves: an invalid card (Luhn) is refused at
 * once with 400; a valid one is charged after a uniform 0.5–1.0 s delay, waited on a timer so no
 * thread is held. Unlike the reference it keeps a record of its charges by transaction id (in
 * product-data): {@code /process} charges a transaction once however often it is asked,
 * {@code /void} takes a charge back (checkout's compensation), and {@code GET /charges/<id>} says
 * where a transaction stands (charged, voided, or none), so checkout can settle its orders against it.
 */
public class PaymentVerticle extends VerticleBase {
  private static final Logger LOG = LoggerFactory.getLogger(PaymentVerticle.class);
  private static final List<String> MIGRATIONS = List.of("V1__create_charges.sql");
  private static final String READINESS = "charges";
  private static final ServiceResponse CHARGED = ServiceResponse.ok(new JsonObject().put("message", "success"));
  private static final ServiceResponse DECLINED = ServiceResponse.json(402,
      new JsonObject().put("message", "failure").put("reason", "Card declined"));
  /** The largest amount the record holds (NUMERIC(10, 2)), as orders' totals are. */
  private static final BigDecimal MAX_AMOUNT = new BigDecimal("99999999.99");
  /** Spaces, dashes and anything else around the digits are ignored, as the reference does. */
  private static final Pattern NON_DIGITS = Pattern.compile("[^0-9]");
  private static final String TRANSACTION_ID = """
      {"type": "string", "minLength": 1, "maxLength": 100, "errorMessage": "transaction_id is missing"}""";
  private static final BodySchema CHARGE = BodySchema.of("""
      {
        "type": "object", "required": ["card", "transaction_id"],
        "errorMessage": {"required": "card is missing"},
        "properties": {
          "card": {
            "type": "object", "required": ["number"],
            "errorMessage": {"type": "card is missing", "required": "card.number must be a string of at most 32 characters"},
            "properties": {
              "number": {"type": "string", "maxLength": 32,
                         "errorMessage": "card.number must be a string of at most 32 characters"}
            }
          },
          "transaction_id": %s
        }
      }
      """.formatted(TRANSACTION_ID));
  private static final BodySchema VOID = BodySchema.of("""
      {"type": "object", "required": ["transaction_id"], "errorMessage": "transaction_id is missing",
       "properties": {"transaction_id": %s}}
      """.formatted(TRANSACTION_ID));

  private final PgAddress productData;
  private final HealthChecks readiness;
  private Pool pool;
  private ChargeStore charges;
  private PaymentFaults faults;

  public PaymentVerticle(PgAddress productData, HealthChecks readiness) {
    this.productData = productData;
    this.readiness = readiness;
  }

  @Override
  public Future<?> start() {
    faults = new PaymentFaults(vertx);
    return Migrations.migratedPool(vertx, productData, 4, "payment", MIGRATIONS)
        .compose(migrated -> {
          pool = migrated;
          charges = new ChargeStore(pool);
          readiness.register(READINESS, 1_000, Readiness.answers(pool));
          return ServiceRouter.of(Service.PAYMENT, config())
              .on(PaymentClient.CHARGE, this::charge)
              .on(PaymentClient.VOID, this::voidCharge)
              .on(PaymentClient.CHARGE_STATUS, this::showCharge)
              .listen(vertx);
        });
  }

  @Override
  public Future<?> stop() {
    readiness.unregister(READINESS);
    return pool == null ? Future.succeededFuture() : pool.close();
  }

  private Future<ServiceResponse> charge(ServiceRequest request) {
    JsonObject body = request.jsonObject(CHARGE);
    String digits = cardDigits(body);
    String transactionId = body.getString("transaction_id");
    BigDecimal amount = amount(body);
    if (!LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(digits)) {
      return Future.succeededFuture(ServiceResponse.json(400,
          new JsonObject().put("message", "failure").put("reason", "Invalid card number")));
    }
    boolean declined = faults.declines();
    Promise<Void> processed = Promise.promise();
    vertx.setTimer(ThreadLocalRandom.current().nextLong(500, 1_001), timer -> processed.complete());
    if (declined) {
      return processed.future().map(DECLINED); // nothing charged, nothing recorded
    }
    return processed.future()
        .compose(done -> charges.charge(transactionId, amount))
        .map(status -> status.equals(ChargeStore.CHARGED)
            ? CHARGED
            : ServiceResponse.failure(409, "transaction " + transactionId + " was voided"));
  }

  private Future<ServiceResponse> voidCharge(ServiceRequest request) {
    String transactionId = request.jsonObject(VOID).getString("transaction_id");
    return charges.voidCharge(transactionId).map(voided -> {
      LOG.info("voided the charge of transaction " + transactionId);
      return ServiceResponse.ok(new JsonObject().put("message", "success"));
    });
  }

  private Future<ServiceResponse> showCharge(ServiceRequest request) {
    String transactionId = request.param("transactionId");
    if (transactionId.length() > 100) {
      throw ServiceException.badRequest("transaction_id is missing");
    }
    return charges.status(transactionId).map(status -> ServiceResponse.ok(new JsonObject()
        .put("transaction_id", transactionId)
        .put("status", status.orElse("none"))));
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

  /** The card number's digits. The number itself is never logged. */
  private static String cardDigits(JsonObject body) {
    String digits = NON_DIGITS.matcher(body.getJsonObject("card").getString("number")).replaceAll("");
    if (digits.isEmpty()) {
      throw ServiceException.badRequest("card.number holds no digits");
    }
    return digits;
  }
}
