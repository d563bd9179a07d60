package io.microbs.ecommerce.payment.api;

/** Where payment's record says a transaction stands. */
public enum ChargeStatus {
  /** Charged, and not taken back. */
  CHARGED,
  /** Taken back, or voided before any charge, which payment then refuses. */
  VOIDED,
  /** Payment has no record of it: nothing was charged, yet. */
  NONE
}
