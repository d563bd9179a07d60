package io.microbs.ecommerce.platform.data;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.embedded.RedisServer;

/**
 * The zero-setup data services of the all-in-one run: an embedded PostgreSQL for product-data and
 * one embedded Redis each for cart-data and session-data, started in parallel for whichever address
 * the configuration leaves empty, on free loopback ports, and stopped on exit.
 */
public final class EmbeddedDataServers implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EmbeddedDataServers.class);

  private final List<AutoCloseable> running = new ArrayList<>();

  private EmbeddedDataServers() {
  }

  /** The addresses to use, the given ones completed with those of the servers started for the rest. */
  public record Started(DataServers addresses, EmbeddedDataServers servers) {
  }

  /** Nothing to start: a run that has every address, or must not start embedded servers. */
  public static Started none(DataServers given) {
    return new Started(given, new EmbeddedDataServers());
  }

  /**
   * Starts a server for each address {@code given} lacks. One after the other: each unpacks a
   * binary and executes it, and a process forked while another binary is still open for writing
   * makes that one fail to start ("Text file busy"). Blocking: call it from a plain thread.
   */
  public static Started startMissing(DataServers given) {
    EmbeddedDataServers servers = new EmbeddedDataServers();
    try {
      RedisAddress cartData = given.cartData() != null ? given.cartData() : servers.startRedis("cart-data");
      RedisAddress sessionData = given.sessionData() != null ? given.sessionData() : servers.startRedis("session-data");
      PgAddress productData = given.productData() != null ? given.productData() : servers.startPostgres();
      return new Started(new DataServers(productData, cartData, sessionData), servers);
    } catch (RuntimeException e) {
      servers.close();
      throw e;
    }
  }

  private PgAddress startPostgres() {
    try {
      // no hook of its own: the shop's stops it after the drain (close), where zonky's would race the drain
      EmbeddedPostgres postgres = EmbeddedPostgres.builder().setPort(freePort()).setRegisterShutdownHook(false).start();
      running.add(postgres);
      PgAddress address = new PgAddress("localhost", postgres.getPort(), "postgres", "", "products");
      LOG.info("started embedded PostgreSQL for product-data at " + address);
      return address;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded PostgreSQL", e);
    }
  }

  private RedisAddress startRedis(String name) {
    try {
      int port = freePort();
      RedisServer redis = RedisServer.newRedisServer()
          .bind("127.0.0.1")
          .port(port)
          .setting("save \"\"")
          .setting("appendonly no")
          .build();
      redis.start();
      running.add(redis::stop);
      RedisAddress address = RedisAddress.server("127.0.0.1", port, 0);
      LOG.info("started embedded Redis for " + name + " at " + address);
      return address;
    } catch (IOException e) {
      throw new UncheckedIOException("could not start embedded Redis for " + name, e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  @Override
  public void close() {
    for (AutoCloseable server : running) {
      try {
        server.close();
      } catch (Exception e) {
        LOG.warn("could not stop an embedded data server", e);
      }
    }
    if (!running.isEmpty()) {
      LOG.info("stopped the embedded data servers");
    }
    running.clear();
  }
}
