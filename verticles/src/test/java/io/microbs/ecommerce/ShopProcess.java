package io.microbs.ecommerce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The shop's jar running in a JVM of its own, as a user starts it ({@code java -jar ecommerce.jar}
 * with environment variables), its output in {@code target/processes/<name>-<n>.log}. It can be
 * killed ({@code kill -9}), stopped gracefully ({@code SIGTERM}) and started again with the same
 * environment.
 */
final class ShopProcess implements AutoCloseable {
  private static final Pattern JOINED = Pattern.compile("joined the .* in (\\d+) ms");
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

  private final String name;
  private final Map<String, String> env;
  private int starts;
  private Process process;
  private Path log;

  ShopProcess(String name, Map<String, String> env) {
    this.name = name;
    this.env = Map.copyOf(env);
  }

  /** Starts the JVM; returns at once (see {@link #awaitReady}). */
  ShopProcess start() {
    String jar = System.getProperty("ecommerce.jar", "target/ecommerce.jar");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    // A small heap and the C1 compiler only: several JVMs share the machine's two cores.
    List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
        "-jar", jar));
    try {
      Path dir = Files.createDirectories(Path.of("target", "processes"));
      log = dir.resolve(name + "-" + ++starts + ".log");
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
      builder.environment().clear();
      builder.environment().put("PATH", System.getenv("PATH"));
      builder.environment().putAll(env);
      process = builder.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the management server answers {@code /readyz} with 200; fails with the log's tail if the JVM exits. */
  Duration awaitReady(Duration patience) {
    long started = System.nanoTime();
    long deadline = started + patience.toNanos();
    URI readyz = URI.create("http://127.0.0.1:" + env.get("MANAGEMENT_PORT") + "/readyz");
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError(name + " exited with " + process.exitValue() + ":\n" + logTail());
      }
      try {
        if (HTTP.send(HttpRequest.newBuilder(readyz).timeout(Duration.ofSeconds(1)).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return Duration.ofNanos(System.nanoTime() - started);
        }
      } catch (IOException notListeningYet) {
        // the JVM is still starting
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
      sleep(100);
    }
    throw new AssertionError(name + " was not ready within " + patience + ":\n" + logTail());
  }

  /** How long joining the cluster took, as the JVM logged it. */
  long joinMillis() {
    Matcher matcher = JOINED.matcher(logText());
    if (!matcher.find()) {
      throw new AssertionError(name + " logged no cluster join:\n" + logTail());
    }
    return Long.parseLong(matcher.group(1));
  }

  /** {@code kill -9}: the JVM gets no chance to leave the cluster. */
  void kill() {
    process.destroyForcibly();
    waitFor(Duration.ofSeconds(10));
  }

  /** {@code SIGTERM}: the JVM stops gracefully; returns its exit code. */
  int terminate(Duration patience) {
    process.destroy();
    return waitFor(patience);
  }

  String env(String name) {
    return env.get(name);
  }

  boolean isAlive() {
    return process.isAlive();
  }

  long pid() {
    return process.pid();
  }

  String logText() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  String logTail() {
    String[] lines = logText().split("\n");
    return String.join("\n", List.of(lines).subList(Math.max(0, lines.length - 40), lines.length));
  }

  private int waitFor(Duration patience) {
    try {
      if (!process.waitFor(patience.toMillis(), TimeUnit.MILLISECONDS)) {
        throw new AssertionError(name + " did not exit within " + patience + ":\n" + logTail());
      }
      return process.exitValue();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
    }
  }

  @Override
  public String toString() {
    return name;
  }
}
