package io.microbs.ecommerce.loadgen.cli;

import io.microbs.ecommerce.loadgen.engine.Durations;
import io.microbs.ecommerce.loadgen.engine.Flow;
import io.microbs.ecommerce.loadgen.engine.LoadPlan;
import io.microbs.ecommerce.loadgen.engine.LoadRun;
import io.microbs.ecommerce.loadgen.engine.Readiness;
import io.microbs.ecommerce.loadgen.engine.Report;
import io.microbs.ecommerce.loadgen.engine.Stats;
import io.microbs.ecommerce.loadgen.engine.Target;
import io.microbs.ecommerce.loadgen.flow.Flows;
import io.microbs.ecommerce.loadgen.report.HtmlReport;
import io.microbs.ecommerce.loadgen.report.JsonReport;
import io.microbs.ecommerce.loadgen.report.SummaryTable;
import io.microbs.ecommerce.loadgen.report.Thresholds;
import io.vertx.core.Context;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** {@code java -jar loadgen.jar}: runs the synthetics against a storefront and reports how it went. */
@Command(name = "loadgen", mixinStandardHelpOptions = true, sortOptions = false, usageHelpAutoWidth = true,
    version = "loadgen (microbs ecommerce)",
    description = {
        "Shops at the storefront with virtual users: each iteration is a new browser that loads the home page, "
            + "adds a product to its cart, views the cart, checks out and pays (20 requests, every response checked).",
        "Prints a progress line every second and a summary table at the end.",
        "Exit status: 0 done (thresholds met), 1 a threshold missed, 2 bad arguments, 3 the shop was not ready or the run failed."},
    exitCodeOnInvalidInput = LoadgenCommand.BAD_ARGUMENTS)
public final class LoadgenCommand implements Callable<Integer> {
  static final int PASSED = 0;
  static final int THRESHOLD_MISSED = 1;
  static final int BAD_ARGUMENTS = 2;
  static final int NOT_RUN = 3;

  @Spec
  private CommandSpec spec;

  @Option(names = "--url", defaultValue = "http://127.0.0.1:8080", paramLabel = "URL",
      description = "The web gateway (default: ${DEFAULT-VALUE}).")
  private String url;

  @Option(names = "--users", paramLabel = "N",
      description = "Virtual users (closed model: each starts its next visit when the last ends). Default: $NUM_VIRTUAL_USERS, else 1.")
  private Integer users;

  @Option(names = "--rate", paramLabel = "R",
      description = "Iterations per second instead (open model: visits start on schedule; latency counts from the scheduled start).")
  private Double rate;

  @Option(names = "--stages", paramLabel = "LIST",
      description = "A ramp instead of a constant load: DURATION:TARGET,… e.g. 10s:50,30s:50,10s:0 (users) or 10s:20/s,30s:20/s (rates).")
  private String stages;

  @Option(names = "--duration", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to run, e.g. 30s, 5m (default: until Ctrl-C).")
  private Duration duration;

  @Option(names = "--warmup", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Run the load this long first and leave it out of the numbers (the shop's and the loadgen's JIT warm up), e.g. 10s.")
  private Duration warmup;

  @Option(names = "--warmup-load", paramLabel = "N",
      description = "Users (--users) or iterations per second (--rate) during the warm-up, where they differ from the run's: "
          + "e.g. warm up at a load the shop holds, then step to an overload (default: the run's).")
  private Double warmupLoad;

  @Option(names = "--think-time", defaultValue = "1", paramLabel = "SCALE",
      description = "Pauses between steps: uniform 1–3 s times SCALE; 0 removes them (default: ${DEFAULT-VALUE}).")
  private double thinkTime;

  @Option(names = "--flow", defaultValue = "shopper", paramLabel = "NAME",
      description = "shopper (the synthetics), reference (the reference's k6 script as written, its 13 requests without images) "
          + "or search (one catalogue search per iteration, to compare with wrk) (default: ${DEFAULT-VALUE}).")
  private String flow;

  @Option(names = "--max-p99", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "Exit 1 when the p99 latency of all requests is over this, e.g. 500ms.")
  private Duration maxP99;

  @Option(names = "--max-error-rate", paramLabel = "FRACTION",
      description = "Exit 1 when failed requests / requests is over this, e.g. 0.01.")
  private Double maxErrorRate;

  @Option(names = "--report-dir", paramLabel = "DIR", description = "Write report.json and report.html (self-contained) here.")
  private Path reportDir;

  @Option(names = "--timeout", defaultValue = "10s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "A request the shop does not answer within this fails (default: ${DEFAULT-VALUE}).")
  private Duration timeout;

  @Option(names = "--connections", defaultValue = "1024", paramLabel = "N",
      description = "At most this many connections to the shop; more requests wait for one, and the wait counts as latency (default: ${DEFAULT-VALUE}).")
  private int connections;

  @Option(names = "--wait", defaultValue = "30s", paramLabel = "DURATION", converter = DurationConverter.class,
      description = "How long to wait for the shop to be ready (GET /healthz and a search answer 200) before giving up (default: ${DEFAULT-VALUE}).")
  private Duration wait;

  private final Map<String, String> env;
  /** What {@link #call} returned, for the shutdown hook to end the JVM with after a Ctrl-C. */
  private final CompletableFuture<Integer> exitStatus = new CompletableFuture<>();

  LoadgenCommand(Map<String, String> env) {
    this.env = env;
  }

  public static void main(String[] args) {
    // a name of its own: the shop's jar, which holds this module, has the logback.xml of the shop
    System.setProperty("logback.configurationFile", "loadgen-logback.xml");
    System.exit(commandLine(System.getenv()).execute(args));
  }

  static CommandLine commandLine(Map<String, String> env) {
    return new CommandLine(new LoadgenCommand(env));
  }

  @Override
  public Integer call() {
    Target target = parse(() -> Target.parse(url));
    Flow chosenFlow = parse(() -> Flows.named(flow));
    LoadPlan plan = plan();
    validate();
    Thresholds thresholds = new Thresholds(maxP99, maxErrorRate);
    PrintWriter out = spec.commandLine().getOut();

    Vertx vertx = Vertx.builder().with(new VertxOptions().setPreferNativeTransport(true)).build();
    int status = NOT_RUN;
    Thread stopping = null;
    try {
      WebClient client = target.client(vertx, connections);
      Context context = vertx.getOrCreateContext();
      Promise<Report> result = Promise.promise();
      AtomicReference<LoadRun> running = new AtomicReference<>();
      Readiness readiness = new Readiness(vertx, client, target);
      stopping = stopOnShutdown(context, readiness, running);
      context.runOnContext(start -> readiness
          .await(wait, reason -> out.println("waiting for " + target.url() + " to be ready: " + reason))
          .compose(ready -> {
            out.printf("%s flow against %s: %s (%s model), think time ×%s%s%n", chosenFlow.name(), target.url(),
                plan.describe(), plan.model().name().toLowerCase(), LoadPlan.number(thinkTime),
                warmup == null ? "" : ", after a " + Durations.format(warmup) + " warm-up"
                    + (warmupLoad == null ? "" : " at " + LoadPlan.number(warmupLoad) + " " + plan.model().unit()));
            Progress progress = new Progress(out, plan.model(), warmup != null);
            LoadPlan first = warmup == null ? plan
                : LoadPlan.constant(plan.model(), warmupLoad == null ? plan.initial() : warmupLoad, null);
            LoadRun run = new LoadRun(vertx, client,
                new LoadRun.Settings(target, chosenFlow, first, thinkTime, timeout, Integer.MAX_VALUE), progress);
            running.set(run);
            if (warmup != null) {
              vertx.setTimer(warmup.toMillis(), measure -> {
                if (!run.stopping()) {
                  out.println("warm-up done: measuring from now");
                  progress.restart();
                  run.restartMeasurement(plan);
                }
              });
            }
            return run.start();
          })
          .onComplete(result));
      Report report;
      try {
        report = result.future().await();
      } catch (RuntimeException notRun) {
        spec.commandLine().getErr().println("loadgen: " + notRun.getMessage());
        return NOT_RUN;
      }
      List<String> violations = thresholds.violations(report);
      out.print(SummaryTable.format(report, violations));
      if (reportDir != null) {
        writeReports(report, thresholds, out);
      }
      out.flush();
      status = violations.isEmpty() ? PASSED : THRESHOLD_MISSED;
      return status;
    } finally {
      vertx.close().await();
      exitStatus.complete(status);
      forget(stopping);
    }
  }

  /**
   * A command that has ended takes its hook back: left behind, it would end the JVM with this run's status when
   * another part of it (a test, a second command) exits. One already running is the JVM stopping, and ends it so.
   */
  private static void forget(Thread hook) {
    if (hook == null) {
      return;
    }
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook is at work: it halts the JVM with the status just completed
    }
  }

  /**
   * Ctrl-C (or SIGTERM) ends the run as if its time were up: the shutdown hook stops it, waits for the
   * summary and the reports, and ends the JVM with the run's own status (a signal alone would give 130
   * or 143). The JVM ignores further signals meanwhile; the requests' timeout bounds the wait.
   */
  private Thread stopOnShutdown(Context context, Readiness readiness, AtomicReference<LoadRun> running) {
    Thread hook = new Thread(() -> {
      if (!exitStatus.isDone()) {
        context.runOnContext(stop -> {
          LoadRun run = running.get();
          if (run == null) {
            readiness.cancel();
          } else {
            run.stop();
          }
        });
      }
      // halt, not exit: exit blocks while the shutdown hooks run
      Runtime.getRuntime().halt(exitStatus.join());
    }, "loadgen-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    return hook;
  }

  private LoadPlan plan() {
    if (warmup != null && (stages != null || warmup.isZero())) {
      throw new ParameterException(spec.commandLine(), "--warmup needs a constant load (--users or --rate) and a length over 0");
    }
    if (warmupLoad != null && (warmup == null || !(warmupLoad > 0))) {
      throw new ParameterException(spec.commandLine(), "--warmup-load needs --warmup, and more than 0 users or iterations per second");
    }
    if (stages != null) {
      if (users != null || rate != null || duration != null) {
        throw new ParameterException(spec.commandLine(), "--stages sets the load and its length: leave out --users, --rate and --duration");
      }
      return parse(() -> LoadPlan.parseStages(stages));
    }
    if (duration != null && duration.isZero()) {
      throw new ParameterException(spec.commandLine(), "--duration must be longer than 0");
    }
    if (rate != null) {
      if (users != null) {
        throw new ParameterException(spec.commandLine(), "--users (closed model) and --rate (open model) exclude each other");
      }
      if (!(rate > 0)) {
        throw new ParameterException(spec.commandLine(), "--rate must be more than 0 iterations per second");
      }
      return LoadPlan.constant(LoadPlan.Model.OPEN, rate, duration);
    }
    int count = users != null ? users : usersFromEnvironment();
    if (count < 1) {
      throw new ParameterException(spec.commandLine(), "--users must be at least 1");
    }
    return LoadPlan.constant(LoadPlan.Model.CLOSED, count, duration);
  }

  private int usersFromEnvironment() {
    String value = env.get("NUM_VIRTUAL_USERS");
    if (value == null || value.isBlank()) {
      return 1;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw new ParameterException(spec.commandLine(), "NUM_VIRTUAL_USERS must be a whole number, got '" + value + "'");
    }
  }

  private void validate() {
    if (thinkTime < 0) {
      throw new ParameterException(spec.commandLine(), "--think-time must be 0 or more");
    }
    if (maxErrorRate != null && (maxErrorRate < 0 || maxErrorRate > 1)) {
      throw new ParameterException(spec.commandLine(), "--max-error-rate is a fraction from 0 to 1, e.g. 0.01");
    }
    if (connections < 1) {
      throw new ParameterException(spec.commandLine(), "--connections must be at least 1");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new ParameterException(spec.commandLine(), "--timeout must be longer than 0");
    }
  }

  private void writeReports(Report report, Thresholds thresholds, PrintWriter out) {
    try {
      Files.createDirectories(reportDir);
      JsonObject json = JsonReport.of(report).put("thresholds", thresholds.toJson(report));
      Path jsonFile = reportDir.resolve("report.json");
      Path htmlFile = reportDir.resolve("report.html");
      Files.writeString(jsonFile, json.encodePrettily(), StandardCharsets.UTF_8);
      Files.writeString(htmlFile, HtmlReport.render(json), StandardCharsets.UTF_8);
      out.println("reports: " + jsonFile + ", " + htmlFile);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the reports to " + reportDir + ": " + e.getMessage(), e);
    }
  }

  /** Turns a parse failure of ours into picocli's usage error (exit 2, message and usage on stderr). */
  private <T> T parse(Supplier<T> parser) {
    try {
      return parser.get();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
  }

  /** Prints each second's line, with running totals. */
  private static final class Progress implements Consumer<Stats.Sample> {
    private final PrintWriter out;
    private final LoadPlan.Model model;
    private boolean warmingUp;
    private long iterations;
    private long errors;
    private long refused;

    Progress(PrintWriter out, LoadPlan.Model model, boolean warmingUp) {
      this.out = out;
      this.model = model;
      this.warmingUp = warmingUp;
    }

    void restart() {
      warmingUp = false;
      iterations = 0;
      errors = 0;
      refused = 0;
    }

    @Override
    public void accept(Stats.Sample sample) {
      iterations += sample.iterations();
      errors += sample.errors();
      refused += sample.refused();
      out.println((warmingUp ? "warm-up " : "") + SummaryTable.progress(sample, model, iterations, errors, refused));
      out.flush();
    }
  }

  static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        return Durations.parse(value);
      } catch (IllegalArgumentException e) {
        throw new CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }
}
