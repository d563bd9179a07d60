package io.microbs.ecommerce.platform.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** Resources of the jar (migrations, seed data, images). Reading is blocking: call it from a worker. */
public final class Resources {
  private Resources() {
  }

  public static String text(String path) {
    return new String(bytes(path), StandardCharsets.UTF_8);
  }

  /**
   * The records of a CSV resource with a header line, read as PostgreSQL's {@code COPY … CSV} reads
   * them (an unquoted empty cell is null); cells are read by column name.
   */
  public static List<CSVRecord> csvRecords(String path) {
    CSVFormat format = CSVFormat.POSTGRESQL_CSV.builder().setHeader().setSkipHeaderRecord(true).setIgnoreEmptyLines(true).get();
    try (CSVParser parser = CSVParser.parse(text(path), format)) {
      return parser.getRecords();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }

  public static byte[] bytes(String path) {
    try (InputStream in = Resources.class.getClassLoader().getResourceAsStream(path)) {
      if (in == null) {
        throw new IllegalStateException("missing resource " + path);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
