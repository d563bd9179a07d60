package io.microbs.ecommerce.loadgen.engine;

/**
 * One kind of request of a flow, counted on its own (its latency, requests, errors and their
 * reasons). A flow lists its steps as an enum, each constant with the label the reports show.
 */
public interface Step {
  /** What the summary table, report.json and report.html call the step, e.g. {@code home: page}. */
  String label();

  /**
   * Whether the shop takes its time on purpose (the payment waits 0.5–1 s), so this step's requests
   * are left out of the prompt requests' latency that a service level is set on.
   */
  default boolean slowByDesign() {
    return false;
  }
}
