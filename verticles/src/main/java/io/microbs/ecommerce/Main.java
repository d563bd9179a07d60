package io.microbs.ecommerce;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.config.ConfigException;
import io.microbs.ecommerce.platform.http.Ports;
import io.microbs.ecommerce.platform.observability.Logging;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code java -jar ecommerce.jar}: reads the configuration from the environment, starts the shop,
 * and on SIGTERM or SIGINT (through a shutdown hook) stops it cleanly and exits 0 (1 when the stop
 * fails or outlasts its deadline).
 */
public final class Main {
  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    Logging.install();
    Config config;
    try {
      config = Config.fromEnvironment();
    } catch (ConfigException e) {
      LOG.error("cannot start: " + e.getMessage());
      exit(2);
      return;
    }
    Logging.setLevel(config.logLevel());
    if (config.admin().generated()) {
      // Printed once, so the operator can use the admin API of this run; set ADMIN_TOKEN to choose it.
      LOG.info("no ADMIN_TOKEN set; this run's admin token is " + config.admin().token());
    }
    if (config.webGateway().sessions().secretGenerated() && config.runs(Service.WEB_GATEWAY)) {
      LOG.warn("no SESSION_SECRET set: sessions are signed with a random key and won't survive a restart");
    }
    try {
      Duration startDeadline = config.deadlines().start();
      Shop shop = Shop.start(config).await(startDeadline.toMillis(), TimeUnit.MILLISECONDS);
      long sinceJvmStart = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
      LOG.info("ecommerce started in " + sinceJvmStart + " ms (JVM start to serving): services " + shop.services()
          + (config.clustered() ? ", clustered" : "") + listening(config));
      Duration deadline = config.deadlines().stop();
      Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(shop, deadline), "shop-stop"));
    } catch (ConfigException e) {
      LOG.error("cannot start: " + e.getMessage());
      exit(2);
    } catch (TimeoutException e) {
      // e.g. a data server that accepts connections and never answers: better started again than waiting for good
      LOG.error("the start did not finish within " + config.deadlines().start().toSeconds() + " s; exiting");
      exit(1);
    } catch (Exception e) {
      // await() rethrows the failure as it is, checked ones (a refused connection) included.
      LOG.error("cannot start", e);
      exit(1);
    }
  }

  /**
   * Drains the shop as the JVM shuts down, then ends it with the stop's own status: 0 when clean, 1
   * when the stop failed or outlasted its deadline (a SIGTERM alone would end it with 143). A stop
   * past its deadline ends the JVM all the same, and says so, before a SIGKILL would without a word.
   */
  private static void stop(Shop shop, Duration deadline) {
    int status = 1;
    try {
      LOG.info("stopping");
      shop.stop().await(deadline.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("stopped");
      status = 0;
    } catch (TimeoutException e) {
      // e.g. the jar was rebuilt under the running JVM: a class the stop needs can no longer load
      LOG.error("the stop did not finish within " + deadline.toSeconds() + " s; exiting without it");
    } catch (Exception e) {
      LOG.error("the stop failed; exiting without it", e);
    } finally {
      try {
        Logging.stop();
      } finally {
        // halt, not exit: exit blocks while the shutdown hooks run, and the data servers' hooks have nothing left to stop
        Runtime.getRuntime().halt(status);
      }
    }
  }

  /** Ends the JVM once the queued lines, which say why, are written out. */
  private static void exit(int status) {
    Logging.stop();
    System.exit(status);
  }

  /** The ports this JVM serves on: the gateways' only when it runs them. */
  private static String listening(Config config) {
    Ports ports = config.ports();
    return (config.runs(Service.API_GATEWAY) ? ", api-gateway on :" + ports.apiGateway() : "")
        + (config.runs(Service.WEB_GATEWAY) ? ", web-gateway on :" + ports.webGateway() : "")
        + ", management on :" + ports.management();
  }
}
