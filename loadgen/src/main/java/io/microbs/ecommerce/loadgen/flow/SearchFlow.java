package io.microbs.ecommerce.loadgen.flow;

import io.microbs.ecommerce.loadgen.engine.Flow;
import io.microbs.ecommerce.loadgen.engine.Step;
import io.microbs.ecommerce.loadgen.engine.Visit;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import java.util.List;

/**
 * One catalogue search per iteration, no pause, no cookies: the request the benchmark also sends
 * with wrk, so the two rates side by side show the loadgen's own overhead.
 */
final class SearchFlow implements Flow {
  /** The one step. */
  private enum SearchStep implements Step {
    SEARCH;

    @Override
    public String label() {
      return "search";
    }
  }

  private static final Buffer HOME_SEARCH = ShopperFlow.HOME_SEARCH.toBuffer();

  @Override
  public String name() {
    return "search";
  }

  @Override
  public List<Step> steps() {
    return List.of(SearchStep.SEARCH);
  }

  @Override
  public boolean browses() {
    return false;
  }

  @Override
  public Future<Void> visit(Visit visit) {
    return visit.send(SearchStep.SEARCH, visit.post("/api/v1/product/search"), HOME_SEARCH.slice(), response -> {
      Expectations.ok(response, "application/json");
      return null;
    });
  }
}
