package io.microbs.ecommerce.productimages;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** A product of the seed catalogue, as much of it as its picture shows. Empty cells are null, as PostgreSQL reads them. */
record SeedProduct(String id, String name, String filename, String description, String type, String temperature,
    boolean alcoholic) {
  private static final CSVFormat SEED = CSVFormat.DEFAULT.builder()
      .setHeader()
      .setSkipHeaderRecord(true)
      .setNullString("")
      .get();

  /** Every product of the seed catalogue {@code csv} (the header names the columns). */
  static List<SeedProduct> read(Path csv) throws IOException {
    try (CSVParser parser = CSVParser.parse(csv, StandardCharsets.UTF_8, SEED)) {
      return parser.stream().map(SeedProduct::of).toList();
    }
  }

  private static SeedProduct of(CSVRecord row) {
    return new SeedProduct(row.get("id"), row.get("name"), row.get("filename"), row.get("description"), row.get("type"),
        row.get("temperature"), "alcoholic".equals(row.get("alcoholic")));
  }

  boolean cold() {
    return "cold".equals(temperature);
  }
}
