package io.microbs.ecommerce.platform;

import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a CSV text with a header line, as PostgreSQL's {@code COPY … CSV} reads them: cells
 * may be quoted (with {@code ""} for a quote), and an unquoted empty cell is null.
 */
public final class Csv {
  private Csv() {
  }

  /** Every row after the header, each with exactly {@code columns} cells; blank lines are skipped. */
  public static List<List<String>> rows(String csv, int columns) {
    List<List<String>> rows = new ArrayList<>();
    String[] lines = csv.split("\n");
    for (int i = 1; i < lines.length; i++) { // line 0 is the header
      if (lines[i].isBlank()) {
        continue;
      }
      List<String> cells = cells(lines[i], columns);
      if (cells.size() != columns) {
        throw new IllegalStateException("CSV line " + (i + 1) + " has " + cells.size() + " cells, expected " + columns);
      }
      rows.add(cells);
    }
    return rows;
  }

  private static List<String> cells(String line, int columns) {
    List<String> cells = new ArrayList<>(columns);
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
