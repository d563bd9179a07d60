package io.microbs.ecommerce.loadgen;

/** A response that arrived but is not what a working shop answers; its message is the reason counted for the step. */
final class UnexpectedResponse extends RuntimeException {
  UnexpectedResponse(String reason) {
    super(reason, null, false, false);
  }
}
