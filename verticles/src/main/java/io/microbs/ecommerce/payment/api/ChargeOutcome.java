package io.microbs.ecommerce.payment.api;

import io.microbs.ecommerce.platform.bus.ServiceException;
import io.microbs.ecommerce.platform.bus.ServiceResponse;

/** What asking payment for a charge came to: what checkout decides the order's fate on. */
public sealed interface ChargeOutcome {

  /** Payment holds the charge. */
  record Charged() implements ChargeOutcome {
  }

  /** Payment turned the charge down and holds nothing; its answer is for the shopper, as it gave it. */
  sealed interface Refused extends ChargeOutcome {
    ServiceResponse answer();
  }

  /** The card number fails payment's check, or the card's fields are not what payment takes (400). */
  record InvalidCard(ServiceResponse answer) implements Refused {
  }

  /** A valid card turned down, or a transaction voided before it was charged (402, 409). */
  record Declined(ServiceResponse answer) implements Refused {
  }

  /** Payment did not answer in time, or failed on its side: a charge may exist, or still be on its way. */
  record Unknown(ServiceException failure) implements ChargeOutcome {
  }

  /** Payment could not be asked (no instance running, or too many failures lately): nothing was charged. */
  record Unavailable(ServiceException failure) implements ChargeOutcome {
  }
}
