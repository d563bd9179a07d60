package io.microbs.ecommerce.checkout;

import static io.microbs.ecommerce.checkout.CheckoutTest.TEST_CARD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.microbs.ecommerce.Browser;
import io.microbs.ecommerce.RunningShop;
import io.microbs.ecommerce.Shop;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's outage: product-data stopped dead (SIGSTOP) for 10 s while shoppers check out.
 * Checkout's timeouts give up on statements that the database runs anyway once it resumes; when the
 * work in flight has settled, every order must still tell the truth: paid or completed exactly when
 * payment holds its charge. The database is a private one, so that no one else's stalls with it.
 */
class DatabaseStallTest {
  private static final int SHOPPERS = 12;
  private static final Duration BEFORE_THE_STALL = Duration.ofSeconds(4);
  private static final Duration STALL = Duration.ofSeconds(10);
  private static final Duration AFTER_THE_STALL = Duration.ofSeconds(4);
  private static final Duration SETTLING = Duration.ofSeconds(90);
  private static final List<String> PRODUCTS = List.of("f95e2475", "d1030594");
  /** Every order beside payment's record of its charge, then the charges that have no order. */
  private static final String ORDERS_AND_CHARGES = "SELECT o.order_id::text, o.status, coalesce(c.status, 'none')"
      + " FROM orders o LEFT JOIN charges c ON c.transaction_id = o.order_id::text"
      + " UNION ALL SELECT NULL, NULL, c.status FROM charges c"
      + " WHERE NOT EXISTS (SELECT 1 FROM orders o WHERE o.order_id::text = c.transaction_id)";
  /** The backends serving checkout (its pool names its connections). */
  private static final String CHECKOUTS_BACKENDS = "SELECT pid FROM pg_stat_activity WHERE application_name = 'checkout'";

  private static PrivatePostgres postgres;
  private static Shop shop;
  private static Vertx vertx;
  private static Pool database;

  /** A stall brought about while shoppers check out. */
  private interface Stall {
    void happen() throws Exception;
  }

  @BeforeAll
  static void startShopOnAPrivateDatabase() throws Exception {
    Optional<Path> binaries = PrivatePostgres.binaries();
    // CI's machines have PostgreSQL installed (.ci/run), so there this test must run
    assumeTrue(binaries.isPresent() || "true".equals(System.getenv("CI")), "PostgreSQL's server binaries are not installed");
    postgres = PrivatePostgres.start(binaries.orElseThrow());
    shop = RunningShop.start(RunningShop.environment("SERVICES", "web-gateway,product,cart,checkout,payment",
        "SERVICE_HOST_PRODUCT_DATA", "127.0.0.1", "SERVICE_PORT_PRODUCT_DATA", Integer.toString(postgres.port()),
        "ORDER_RECONCILE_SECONDS", "3"));
    vertx = Vertx.vertx();
    database = shop.config().data().productData().pool(vertx, "test", 1);
  }

  @AfterAll
  static void stopEverything() throws Exception {
    if (vertx != null) {
      vertx.close().await();
    }
    if (shop != null) {
      shop.stop().await();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void whenTheWholeDatabaseStallsUnderLoadEveryOrderStillTellsTheTruth() throws Exception {
    Map<Integer, AtomicInteger> answers = underLoad(() -> postgres.stall(STALL));

    Map<String, Integer> orders = settled("the whole database", answers);

    assertThat(answers.keySet()).as("the stall was felt: some checkouts failed").anyMatch(status -> status >= 500);
    assertThat(orders).containsKey("completed, charge charged");
  }

  /**
   * The case exactly: only checkout's connections stop, so payment charges while the orders'
   * updates wait; checkout gives up on them, voids the charges, and they land afterwards.
   */
  @Test
  void whenCheckoutsConnectionsStallUnderLoadEveryOrderStillTellsTheTruth() throws Exception {
    Map<Integer, AtomicInteger> answers = underLoad(() -> {
      List<Long> backends = new ArrayList<>();
      database.query(CHECKOUTS_BACKENDS).execute().await().forEach(row -> backends.add(row.getLong(0)));
      assertThat(backends).as("checkout's connections").isNotEmpty();
      postgres.stall(backends, STALL);
    });

    Map<String, Integer> orders = settled("checkout's connections", answers);

    assertThat(orders).as("charged, then not recorded in time: voided").containsKey("voided, charge voided");
  }

  /** Shoppers check out one cart after another, before, during and after the stall; their answers by status. */
  private static Map<Integer, AtomicInteger> underLoad(Stall stall) throws Exception {
    AtomicBoolean shopping = new AtomicBoolean(true);
    Map<Integer, AtomicInteger> answers = new ConcurrentHashMap<>();
    List<Thread> shoppers = new ArrayList<>();
    for (int i = 0; i < SHOPPERS; i++) {
      Thread shopper = new Thread(() -> {
        Browser browser = new Browser(vertx, shop.config().ports().webGateway());
        while (shopping.get()) {
          browser.setQuantity(PRODUCTS.get(ThreadLocalRandom.current().nextInt(PRODUCTS.size())), 1);
          int status = browser.checkout(TEST_CARD, UUID.randomUUID().toString()).statusCode();
          answers.computeIfAbsent(status, code -> new AtomicInteger()).incrementAndGet();
        }
      });
      shopper.start();
      shoppers.add(shopper);
    }
    try {
      Thread.sleep(BEFORE_THE_STALL.toMillis());
      stall.happen();
      Thread.sleep(AFTER_THE_STALL.toMillis());
    } finally {
      shopping.set(false);
      for (Thread shopper : shoppers) {
        shopper.join();
      }
    }
    assertThat(answers.get(200)).as("checkouts went through").isNotNull();
    return answers;
  }

  /**
   * Waits for the work in flight to settle, then checks every order against its charge: none may
   * disagree. Prints the figures; returns how many orders ended how.
   */
  private static Map<String, Integer> settled(String what, Map<Integer, AtomicInteger> answers) throws InterruptedException {
    List<String> mismatches = mismatches();
    long deadline = System.nanoTime() + SETTLING.toNanos();
    while (!mismatches.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(1_000);
      mismatches = mismatches();
    }
    List<Row> rows = ordersAndCharges();
    Map<String, Integer> orders = new TreeMap<>();
    rows.stream().filter(row -> row.getString(0) != null)
        .forEach(row -> orders.merge(row.getString(1) + ", charge " + row.getString(2), 1, Integer::sum));
    System.out.printf("stall of %s: answers by status %s; %d orders checked, %d mismatches; orders %s%n",
        what, new TreeMap<>(answers), rows.stream().filter(row -> row.getString(0) != null).count(), mismatches.size(), orders);
    assertThat(mismatches).isEmpty();
    return orders;
  }

  /** Orders that do not tell the truth about their charge, orders not settled yet, and charges without an order. */
  private static List<String> mismatches() {
    List<String> mismatches = new ArrayList<>();
    for (Row row : ordersAndCharges()) {
      String order = row.getString(0);
      String status = row.getString(1);
      String charge = row.getString(2);
      boolean paid = "paid".equals(status) || "completed".equals(status);
      if (order == null ? "charged".equals(charge) : "pending".equals(status) || paid != "charged".equals(charge)) {
        mismatches.add((order == null ? "a charge without an order" : "order " + order + " " + status) + ", charge " + charge);
      }
    }
    return mismatches;
  }

  private static List<Row> ordersAndCharges() {
    List<Row> rows = new ArrayList<>();
    database.query(ORDERS_AND_CHARGES).execute().await().forEach(rows::add);
    return rows;
  }
}
