package io.microbs.ecommerce.checkout;

import io.microbs.ecommerce.RunningShop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A PostgreSQL server of the test's own, from the machine's binaries, in a temporary directory on a
 * free port, so that the test can stop it dead (SIGSTOP) without stalling anyone else's database.
 * PostgreSQL refuses to run as root, so as root it runs as the {@code postgres} user.
 */
final class PrivatePostgres implements AutoCloseable {
  private static final Path DEBIAN_BINARIES = Path.of("/usr/lib/postgresql");

  private final Path binaries;
  private final Path directory;
  private final int port;

  private PrivatePostgres(Path binaries, Path directory, int port) {
    this.binaries = binaries;
    this.directory = directory;
    this.port = port;
  }

  /** Where initdb and pg_ctl are (Debian's layout, newest version first); empty when PostgreSQL is not installed. */
  static Optional<Path> binaries() {
    if (!Files.isDirectory(DEBIAN_BINARIES)) {
      return Optional.empty();
    }
    try (Stream<Path> versions = Files.list(DEBIAN_BINARIES)) {
      return versions.filter(version -> version.getFileName().toString().matches("\\d+"))
          .max(Comparator.comparing(version -> Integer.parseInt(version.getFileName().toString())))
          .map(version -> version.resolve("bin"))
          .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("pg_ctl")));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  static PrivatePostgres start(Path binaries) throws IOException, InterruptedException {
    Path directory = Files.createTempDirectory("private-postgres");
    if (asRoot()) {
      run(List.of("chown", "postgres", directory.toString()));
    }
    PrivatePostgres postgres = new PrivatePostgres(binaries, directory, RunningShop.freePort());
    postgres.postgresRuns(List.of("initdb", "-D", postgres.data(), "-U", "postgres", "-A", "trust", "--no-sync", "-E", "UTF8"));
    postgres.postgresRuns(List.of("pg_ctl", "-D", postgres.data(), "-l", directory.resolve("server.log").toString(), "-w",
        "-o", "-p " + postgres.port + " -c listen_addresses=127.0.0.1 -k " + directory + " -c fsync=off", "start"));
    return postgres;
  }

  int port() {
    return port;
  }

  /** Stops the server and every one of its processes dead for {@code length}, as SIGSTOP does, then lets them go on. */
  void stall(Duration length) throws IOException, InterruptedException {
    long postmaster = Long.parseLong(Files.readAllLines(Path.of(data(), "postmaster.pid")).get(0).trim());
    // the postmaster first, so that it forks no new backend while the others are being stopped
    signal("-STOP", List.of(postmaster));
    try {
      stall(ProcessHandle.of(postmaster).orElseThrow().descendants().map(ProcessHandle::pid).toList(), length);
    } finally {
      signal("-CONT", List.of(postmaster));
    }
  }

  /** Stops these backends (process ids) dead for {@code length}, then lets them go on; the server serves the others. */
  void stall(List<Long> backends, Duration length) throws IOException, InterruptedException {
    signal("-STOP", backends);
    try {
      Thread.sleep(length.toMillis());
    } finally {
      signal("-CONT", backends);
    }
  }

  @Override
  public void close() throws IOException, InterruptedException {
    try {
      postgresRuns(List.of("pg_ctl", "-D", data(), "-m", "immediate", "-w", "stop"));
    } finally {
      try (Stream<Path> files = Files.walk(directory)) {
        files.sorted(Comparator.reverseOrder()).forEach(file -> file.toFile().delete());
      }
    }
  }

  private String data() {
    return directory.resolve("data").toString();
  }

  private static void signal(String signal, List<Long> pids) throws IOException, InterruptedException {
    if (!pids.isEmpty()) {
      List<String> command = new ArrayList<>(List.of("kill", signal));
      pids.forEach(pid -> command.add(Long.toString(pid)));
      run(command);
    }
  }

  private void postgresRuns(List<String> command) throws IOException, InterruptedException {
    List<String> full = new ArrayList<>(asRoot() ? List.of("runuser", "-u", "postgres", "--") : List.of());
    full.add(binaries.resolve(command.get(0)).toString());
    full.addAll(command.subList(1, command.size()));
    run(full);
  }

  private static boolean asRoot() {
    return "root".equals(System.getProperty("user.name"));
  }

  private static void run(List<String> command) throws IOException, InterruptedException {
    Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
    String output = new String(process.getInputStream().readAllBytes());
    if (process.waitFor() != 0) {
      throw new IOException(String.join(" ", command) + " failed: " + output);
    }
  }
}
