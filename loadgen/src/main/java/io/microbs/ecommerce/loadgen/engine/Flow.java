package io.microbs.ecommerce.loadgen.engine;

import io.vertx.core.Future;
import java.util.List;

/** What a virtual user does in one iteration: a sequence of steps, each an HTTP request. */
public interface Flow {
  /** The name {@code --flow} takes. */
  String name();

  /** The steps, in the order a visit makes them; {@link Visit#send} records each request under one of them. */
  List<Step> steps();

  /** Whether each visit needs a cookie jar of its own (a new browser). */
  boolean browses();

  /** One iteration; fails with {@link Visit#STEP_FAILED} or {@link Visit#LEFT} when it ends early. */
  Future<Void> visit(Visit visit);
}
