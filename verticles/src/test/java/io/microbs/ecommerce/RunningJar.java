package io.microbs.ecommerce;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/** The shaded jar run as a user runs it ({@code java -jar}), in its own JVM, with its output in a file to read. */
public final class RunningJar implements AutoCloseable {
  /**
   * What the integration tests that load the machine (JVMs, containers, load) hold while they run:
   * PrometheusIT, which runs beside them, holds it for its clean run, so that no alert fires there for
   * a JVM that another test starved of the two processors.
   */
  public static final String PROCESSORS = "the machine's processors";

  /** The shaded jar the build made, which the tests run. */
  public static final Path JAR = Path.of(System.getProperty("ecommerce.jar", "target/ecommerce.jar"));

  private final Process process;
  private final Path log;

  private RunningJar(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the jar with exactly the given environment (plus PATH and HOME), so nothing leaks in from the test's own. */
  public static RunningJar start(Map<String, String> env) {
    return start(JAR, env);
  }

  /** The same, from another copy of the jar. */
  public static RunningJar start(Path jar, Map<String, String> env) {
    try {
      Path logs = Files.createDirectories(Path.of("target", "jar-logs"));
      Path log = Files.createTempFile(logs, "ecommerce-", ".log");
      ProcessBuilder builder = new ProcessBuilder(List.of(
          Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx384m",
          "-jar", jar.toString()))
          .redirectErrorStream(true)
          .redirectOutput(log.toFile());
      Map<String, String> environment = builder.environment();
      environment.keySet().retainAll(List.of("PATH", "HOME", "TMPDIR"));
      environment.putAll(env);
      return new RunningJar(builder.start(), log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the output holds {@code text}; fails if the process ends or the time runs out first. */
  public void awaitOutput(String text, Duration timeout) throws InterruptedException {
    awaitOutput(Pattern.compile(Pattern.quote(text)), timeout);
  }

  /**
   * Waits until a line of the output matches {@code pattern}; fails if the process ends or the time runs
   * out first. Log lines reach the file a moment after what they describe, so a test waits for them.
   */
  public void awaitOutput(Pattern pattern, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (pattern.matcher(output()).find()) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("the jar exited with " + process.exitValue() + " before printing '" + pattern + "':\n" + output());
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no '" + pattern + "' within " + timeout + ":\n" + output());
  }

  /** Waits for the process to end by itself and gives its exit code. */
  public int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("the jar is still running after " + timeout + ":\n" + output());
    }
    return process.exitValue();
  }

  /** Sends SIGTERM, as Kubernetes and Ctrl-C do, and gives the exit code. */
  public int terminate(Duration timeout) throws InterruptedException {
    process.destroy();
    return awaitExit(timeout);
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }
}
