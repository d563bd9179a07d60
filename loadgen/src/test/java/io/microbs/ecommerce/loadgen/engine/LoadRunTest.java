package io.microbs.ecommerce.loadgen.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.loadgen.TestStorefront;
import io.microbs.ecommerce.loadgen.flow.Flows;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class LoadRunTest {
  private Vertx vertx;
  private TestStorefront shop;
  private final List<Stats.Sample> samples = new CopyOnWriteArrayList<>();

  @BeforeEach
  void startShop(Vertx vertx) {
    this.vertx = vertx;
    shop = new TestStorefront(vertx).start().await();
  }

  @Test
  void shoppersFollowTheReferenceFlowWithItsBugsFixed() throws Exception {
    Report report = run(Flows.shopper(), LoadPlan.constant(LoadPlan.Model.CLOSED, 2, Duration.ofSeconds(2)), 0, 64);

    assertThat(report.iterations()).isGreaterThan(5);
    assertThat(report.errors()).isZero();
    assertThat(report.failedIterations()).isZero();
    // 20 requests per visit, plus those of the (at most 2) visits the end of the run cut short: all 20 of them when
    // it came in the visit's last pause
    assertThat(report.requests()).isBetween(20 * report.iterations(), 20 * report.iterations() + 2 * 20);
    assertThat(step(report, "home: images").requests()).isBetween(6 * report.iterations(), 6 * report.iterations() + 12);
    // the images are those of the six products the search returned, not a hard-coded list
    assertThat(shop.imagesServed).containsExactlyInAnyOrderElementsOf(shop.homeImageNames());
    // a Luhn-valid card with its postal code and the cart's real amount: no payment refused
    assertThat(shop.rejectedPayments).isEmpty();
    assertThat((long) shop.orders.get()).isBetween(report.iterations(), report.iterations() + 2);
    // every visit is a new browser with a cookie jar of its own: one session each
    assertThat((long) shop.sessions.size()).isBetween(report.iterations(), report.iterations() + 2);
  }

  @Test
  void theReferenceFlowSendsTheK6ScriptsThirteenRequestsAsWritten() throws Exception {
    shop.postalCodeOptional = true;  // the script's typo leaves the card's postal code out, which the shop accepts

    Report report = run(Flows.named("reference"), LoadPlan.constant(LoadPlan.Model.CLOSED, 1, Duration.ofSeconds(1)), 0, 64);

    assertThat(report.iterations()).isPositive();
    assertThat(report.errors()).isZero();
    assertThat(report.steps()).hasSize(13);
    // plus those of the visit the end of the run cut short: all 13 of them when it came in the visit's last pause
    assertThat(report.requests()).isBetween(13 * report.iterations(), 13 * report.iterations() + 13);
    assertThat(shop.imagesServed).isEmpty();
    assertThat(shop.rejectedPayments).isEmpty();
    assertThat(shop.requests.subList(0, 13)).containsExactly(
        "GET /", "POST /api/v1/product/search", "POST /api/v1/cart",
        "PUT /api/v1/cart/f95e2475/1", "POST /api/v1/cart", "POST /api/v1/product/documents",
        "GET /cart", "POST /api/v1/product/documents",
        "GET /checkout", "POST /api/v1/cart", "POST /api/v1/product/documents",
        "POST /api/v1/checkout/process", "POST /api/v1/cart");
  }

  @Test
  void theReferenceFlowKeepsTheScriptsMissingPostalCode() throws Exception {
    Report report = run(Flows.named("reference"), LoadPlan.constant(LoadPlan.Model.CLOSED, 1, Duration.ofSeconds(1)), 0, 64);

    assertThat(step(report, "pay: process").failures()).containsOnlyKeys("status 400: no postal code");
    assertThat(report.iterations()).isZero();
  }

  @Test
  void refusalsWithRetryAfterAreCountedApartFromErrorsWithTheirLatency() throws Exception {
    shop.cartRefusalStatus = 503;
    shop.cartRetryAfter = "1";

    Report report = run(Flows.named("reference"), LoadPlan.constant(LoadPlan.Model.CLOSED, 2, Duration.ofSeconds(1)), 0, 64);

    // each visit gets its page and search, then the cart is refused and the visit ends there
    assertThat(report.refused()).isPositive();
    assertThat(step(report, "home: cart").refused()).isEqualTo(report.refused());
    assertThat(step(report, "home: cart").requests()).isZero();
    assertThat(report.refusalLatency().count()).isEqualTo(report.refused());
    assertThat(report.refusalLatency().p99()).isPositive();
    assertThat(report.refusedIterations()).isEqualTo(report.refused());
    assertThat(report.requests()).isBetween(2 * report.refused(), 2 * report.refused() + 4);
    assertThat(report.errors()).isZero();
    assertThat(report.failedIterations()).isZero();
    assertThat(step(report, "add: put item").requests()).isZero();
    assertThat(samples.stream().mapToLong(Stats.Sample::refused).sum()).isEqualTo(report.refused());
  }

  @Test
  void aRefusedUserComesBackAfterTheRetryAfterNotAtOnce() throws Exception {
    shop.cartRefusalStatus = 503;
    shop.cartRetryAfter = "1";

    Report report = run(Flows.named("reference"), LoadPlan.constant(LoadPlan.Model.CLOSED, 1, Duration.ofMillis(2_500)), 0, 64);

    // refused at about 0, 1 and 2 s: a user that came back at once would be refused thousands of times
    assertThat(report.refused()).isBetween(2L, 4L);
  }

  @Test
  void aTooManyRequestsWithRetryAfterIsARefusalToo() throws Exception {
    shop.cartRefusalStatus = 429;
    shop.cartRetryAfter = "3";

    Report report = run(Flows.shopper(), LoadPlan.constant(LoadPlan.Model.CLOSED, 1, Duration.ofSeconds(1)), 0, 64);

    assertThat(report.refused()).isPositive();
    assertThat(report.errors()).isZero();
  }

  @Test
  void aServiceUnavailableWithoutRetryAfterIsAnError() throws Exception {
    shop.cartRefusalStatus = 503;

    Report report = run(Flows.shopper(), LoadPlan.constant(LoadPlan.Model.CLOSED, 1, Duration.ofSeconds(1)), 0, 64);

    assertThat(report.refused()).isZero();
    assertThat(report.errors()).isPositive().isEqualTo(step(report, "home: cart").requests());
    assertThat(step(report, "home: cart").failures()).containsOnlyKeys("status 503: the shop is busy");
  }

  @Test
  void thePromptLatencyLeavesOutThePaymentThatWaitsByDesign() throws Exception {
    Report report = run(Flows.shopper(), LoadPlan.constant(LoadPlan.Model.CLOSED, 1, Duration.ofSeconds(1)), 0, 64);

    assertThat(report.promptLatency().count()).isEqualTo(report.requests() - step(report, "pay: process").requests());
    assertThat(report.promptLatency().count()).isPositive();
  }

  @Test
  void aFailedStepIsCountedWithItsReasonAndEndsTheVisit() throws Exception {
    shop.documentsFail = true;

    Report report = run(Flows.shopper(), LoadPlan.constant(LoadPlan.Model.CLOSED, 1, Duration.ofSeconds(1)), 0, 64);

    Report.StepReport details = step(report, "add: details");
    assertThat(details.requests()).isPositive();
    assertThat(details.errors()).isEqualTo(details.requests());
    assertThat(details.failures()).containsOnlyKeys("status 500: product-data is down");
    assertThat(step(report, "cart: page").requests()).isZero();
    assertThat(report.iterations()).isZero();
    assertThat(report.failedIterations()).isEqualTo(details.errors());
    assertThat(report.errors()).isEqualTo(details.errors());
  }

  @Test
  void theOpenModelTimesVisitsFromTheirScheduleSoAStalledLoadgenHidesNoLatency() throws Exception {
    Context context = vertx.getOrCreateContext();
    Promise<Report> finished = Promise.promise();
    context.runOnContext(start -> {
      new LoadRun(vertx, Target.parse(shop.url()).client(vertx, 64),
          settings(Flows.named("search"), LoadPlan.constant(LoadPlan.Model.OPEN, 50, Duration.ofSeconds(2)), 0), samples::add)
          .start().onComplete(finished);
      // Half a second in, the loadgen itself stalls for half a second, as in a long GC pause.
      vertx.setTimer(500, stall -> sleep(500));
    });
    Report report = finished.future().await(20, TimeUnit.SECONDS);

    // The ~25 searches due during the stall are sent late, but none is dropped…
    assertThat(report.requests()).isBetween(98L, 102L);
    assertThat(report.errors()).isZero();
    // …and each is timed from when it was due: the stall shows as latency, as a user would have seen it.
    assertThat(report.requestLatency().p90()).isGreaterThan(200);
    assertThat(report.requestLatency().p99()).isGreaterThan(400);
  }

  @Test
  void afterAWarmUpOnlyTheVisitsStartedSinceCount() throws Exception {
    shop.searchDelayMillis = 1_000;
    Context context = vertx.getOrCreateContext();
    Promise<Report> finished = Promise.promise();
    context.runOnContext(start -> {
      LoadRun run = new LoadRun(vertx, Target.parse(shop.url()).client(vertx, 64),
          settings(Flows.named("search"), LoadPlan.constant(LoadPlan.Model.OPEN, 20, null), 0), samples::add);
      run.start().onComplete(finished);
      // the ~10 searches of the first half second are still waiting for their answer when the measurement starts
      vertx.setTimer(500, measure -> run.restartMeasurement(LoadPlan.constant(LoadPlan.Model.OPEN, 20, Duration.ofSeconds(1))));
    });
    Report report = finished.future().await(20, TimeUnit.SECONDS);

    assertThat(report.requests()).isBetween(19L, 21L);
    assertThat(report.requestLatency().p50()).isGreaterThanOrEqualTo(1_000);
  }

  @Test
  void stagesRampTheUsersUpAndDown() throws Exception {
    Report report = run(Flows.shopper(), LoadPlan.parseStages("1s:4,1s:4,1s:0"), 0.05, 64);

    assertThat(report.seconds()).isBetween(3.0, 4.5);
    assertThat(samples.stream().mapToInt(Stats.Sample::active).max().orElseThrow()).isEqualTo(4);
    assertThat(samples.get(samples.size() - 1).active()).isLessThanOrEqualTo(1);
    assertThat(report.errors()).isZero();
  }

  @Test
  void aRunFollowsANewNumberOfUsersWithoutRestarting() throws Exception {
    Context context = vertx.getOrCreateContext();
    Promise<Report> finished = Promise.promise();
    LoadRun[] run = new LoadRun[1];
    context.runOnContext(start -> {
      run[0] = new LoadRun(vertx, Target.parse(shop.url()).client(vertx, 64), settings(Flows.shopper(),
          LoadPlan.constant(LoadPlan.Model.CLOSED, 1, null), 0.05), samples::add);
      run[0].start().onComplete(finished);
    });
    Thread.sleep(1_500);
    context.runOnContext(more -> run[0].retarget(LoadPlan.constant(LoadPlan.Model.CLOSED, 3, null)));
    Thread.sleep(1_500);
    context.runOnContext(stop -> run[0].stop());
    Report report = finished.future().await(20, TimeUnit.SECONDS);

    assertThat(samples.get(0).active()).isEqualTo(1);
    assertThat(samples.get(samples.size() - 1).active()).isEqualTo(3);
    assertThat(report.iterations()).isGreaterThan(samples.stream().mapToLong(Stats.Sample::iterations).limit(1).sum());
    assertThat(report.errors()).isZero();
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private Report run(Flow flow, LoadPlan plan, double thinkTime, int connections) throws Exception {
    Promise<Report> finished = Promise.promise();
    vertx.getOrCreateContext().runOnContext(start -> {
      WebClient client = Target.parse(shop.url()).client(vertx, connections);
      new LoadRun(vertx, client, settings(flow, plan, thinkTime), samples::add).start().onComplete(finished);
    });
    return finished.future().await(30, TimeUnit.SECONDS);
  }

  private LoadRun.Settings settings(Flow flow, LoadPlan plan, double thinkTime) {
    return new LoadRun.Settings(Target.parse(shop.url()), flow, plan, thinkTime, Duration.ofSeconds(10), 1_000);
  }

  private static Report.StepReport step(Report report, String name) {
    return report.steps().stream().filter(step -> step.name().equals(name)).findFirst().orElseThrow();
  }
}
