package io.microbs.ecommerce.payment;

import io.microbs.ecommerce.platform.bus.BodySchema;
import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceRequest;
import io.microbs.ecommerce.platform.bus.ServiceResponse;
import io.microbs.ecommerce.platform.bus.ServiceRouter;
import io.microbs.ecommerce.platform.variants.ActiveVariant;
import io.microbs.ecommerce.platform.variants.Switchboard;
import io.microbs.ecommerce.platform.variants.Variants;
import io.opentelemetry.api.trace.Span;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.ThreadLocalRandom;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * The simulated payment processor, as the reference behaves: an invalid card (Luhn) is refused at
 * once with 400; a valid one is charged after a uniform 0.5–1.0 s delay, waited on a timer so no
 * thread is held. {@code /void} takes a charge back, for checkout's compensation.
 */
public class PaymentVerticle extends VerticleBase {
  private static final Logger LOG = Logger.getLogger(PaymentVerticle.class.getName());
  private static final ServiceResponse CHARGED = ServiceResponse.ok(new JsonObject().put("message", "success"));
  private static final ServiceResponse DECLINED = ServiceResponse.json(402,
      new JsonObject().put("message", "failure").put("reason", "Card declined"));

  /** Spaces, dashes and anything else around the digits are ignored, as the reference does. */
  private static final Pattern NON_DIGITS = Pattern.compile("[^0-9]");
  private static final BodySchema CHARGE = BodySchema.of("""
      {
        "type": "object", "required": ["card"], "errorMessage": "card is missing",
        "properties": {
          "card": {
            "type": "object", "required": ["number"],
            "errorMessage": {"type": "card is missing", "required": "card.number must be a string of at most 32 characters"},
            "properties": {
              "number": {"type": "string", "maxLength": 32,
                         "errorMessage": "card.number must be a string of at most 32 characters"}
            }
          }
        }
      }
      """);

  private static final BodySchema VOID = BodySchema.of("""
      {
        "type": "object", "required": ["transaction_id"], "errorMessage": "transaction_id is missing",
        "properties": {"transaction_id": {"type": "string", "minLength": 1, "maxLength": 100}}
      }
      """);

  private Switchboard variants;

  @Override
  public Future<?> start() {
    variants = Switchboard.of(vertx);
    return ServiceRouter.of(Service.PAYMENT, config())
        .post("/process", this::charge)
        .post("/void", this::voidCharge)
        .listen(vertx);
  }

  private Future<ServiceResponse> charge(ServiceRequest request) {
    if (!LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(cardDigits(request))) {
      return Future.succeededFuture(ServiceResponse.json(400,
          new JsonObject().put("message", "failure").put("reason", "Invalid card number")));
    }
    ServiceResponse answer = declined() ? DECLINED : CHARGED;
    Promise<ServiceResponse> charged = Promise.promise();
    long delayMillis = ThreadLocalRandom.current().nextLong(500, 1_001);
    vertx.setTimer(delayMillis, timer -> charged.complete(answer));
    return charged.future();
  }

  /** Whether the {@code payment-declines} variant turns this valid card down. */
  private boolean declined() {
    ActiveVariant declines = variants.isQuiet() ? null : variants.activeFor(Variants.PAYMENT_DECLINES, Service.PAYMENT.serviceName());
    if (declines == null || ThreadLocalRandom.current().nextDouble() >= declines.number("rate")) {
      return false;
    }
    declines.mark(Span.current());
    return true;
  }

  private Future<ServiceResponse> voidCharge(ServiceRequest request) {
    String id = request.jsonObject(VOID).getString("transaction_id");
    LOG.info("voided the charge of transaction " + id);
    return Future.succeededFuture(ServiceResponse.ok(new JsonObject().put("message", "success")));
  }

  /** The card number's digits; a missing or malformed card is the caller's mistake. The number itself is never logged. */
  private static String cardDigits(ServiceRequest request) {
    String digits = NON_DIGITS.matcher(request.jsonObject(CHARGE).getJsonObject("card").getString("number")).replaceAll("");
    if (digits.isEmpty()) {
      throw ServiceException.badRequest("card.number holds no digits");
    }
    return digits;
  }
}
