package io.microbs.ecommerce.product;

import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;

/**
 * The catalogue's seed rows, read from {@code seed/products.csv} (the reference's file, verbatim).
 * As PostgreSQL's {@code COPY … CSV} does, an unquoted empty cell is NULL.
 */
final class ProductSeed {
  private static final int COLUMNS = 10;

  private ProductSeed() {
  }

  /** One tuple per row, in the order of {@link ProductQueries#SEED}. */
  static List<Tuple> rows(String csv) {
    List<Tuple> rows = new ArrayList<>();
    String[] lines = csv.split("\n");
    for (int i = 1; i < lines.length; i++) { // line 0 is the header
      if (lines[i].isBlank()) {
        continue;
      }
      List<String> cells = cells(lines[i]);
      if (cells.size() != COLUMNS) {
        throw new IllegalStateException("seed line " + (i + 1) + " has " + cells.size() + " cells, expected " + COLUMNS);
      }
      rows.add(Tuple.of(cells.get(0), cells.get(1), cells.get(2), cells.get(3),
          Double.valueOf(cells.get(4)), Double.valueOf(cells.get(5)), Integer.valueOf(cells.get(6)),
          cells.get(7), cells.get(8), cells.get(9)));
    }
    return rows;
  }

  private static List<String> cells(String line) {
    List<String> cells = new ArrayList<>(COLUMNS);
    StringBuilder cell = new StringBuilder();
    boolean quoted = false;
    boolean wasQuoted = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quoted) {
        if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
          cell.append('"');
          i++;
        } else if (c == '"') {
          quoted = false;
        } else {
          cell.append(c);
        }
      } else if (c == '"') {
        quoted = true;
        wasQuoted = true;
      } else if (c == ',') {
        cells.add(cell.isEmpty() && !wasQuoted ? null : cell.toString());
        cell.setLength(0);
        wasQuoted = false;
      } else if (c != '\r') {
        cell.append(c);
      }
    }
    cells.add(cell.isEmpty() && !wasQuoted ? null : cell.toString());
    return cells;
  }
}
