package io.microbs.ecommerce.loadgen.report;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Properties;

/**
 * {@code report.html}: one self-contained page (the uPlot chart library from its webjar and the
 * report's numbers are inlined) with charts of throughput, latency percentiles and errors over time,
 * and the per-step table. It opens from a file, with no network.
 */
public final class HtmlReport {
  private static final String UPLOT = "META-INF/resources/webjars/uplot/" + webjarVersion("org.webjars.npm/uplot") + "/dist/";

  private HtmlReport() {
  }

  public static String render(JsonObject report) {
    // "</" inside a script would end it early; "<\/" means the same to JavaScript and JSON.
    String json = report.encode().replace("</", "<\\/");
    return resource("io/microbs/ecommerce/loadgen/report/report.html")
        .replace("/*UPLOT_CSS*/", resource(UPLOT + "uPlot.min.css"))
        .replace("/*UPLOT_JS*/", resource(UPLOT + "uPlot.iife.min.js").replace("</", "<\\/"))
        .replace("/*REPORT_JSON*/", json);
  }

  /** The version of a webjar on the classpath, from its Maven metadata, so the pom alone names it. */
  private static String webjarVersion(String groupAndArtifact) {
    Properties properties = new Properties();
    try {
      properties.load(new StringReader(resource("META-INF/maven/" + groupAndArtifact + "/pom.properties")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return properties.getProperty("version");
  }

  private static String resource(String name) {
    try (InputStream in = HtmlReport.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException(name + " is missing from the classpath");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
