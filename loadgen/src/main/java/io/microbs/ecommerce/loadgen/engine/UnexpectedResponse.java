package io.microbs.ecommerce.loadgen.engine;

/** A response that arrived but is not what a working shop answers; its message is the reason counted for the step. */
public final class UnexpectedResponse extends RuntimeException {
  public UnexpectedResponse(String reason) {
    super(reason, null, false, false);
  }
}
