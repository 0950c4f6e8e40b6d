package dev.vitals.cli;

import dev.vitals.HealthReport;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;

/** Prints a report as aligned columns: CHECK, STATUS, TIME, OBSERVED, OUTPUT. */
final class Table {
  private Table() {}

  static void print(HealthReport report, PrintStream out) {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"CHECK", "STATUS", "TIME", "OBSERVED", "OUTPUT"});
    boolean anyObserved = false;
    for (HealthReport.Entry entry : report.checks()) {
      String observed = "";
      if (!entry.check().measurement().equals("responseTime") && entry.observedValue() != null) {
        observed = entry.observedValue()
            + (entry.observedUnit() == null ? "" : " " + entry.observedUnit());
        anyObserved = true;
      }
      rows.add(new String[] {
        entry.name(),
        entry.status().wireName(),
        entry.duration() == null ? "-" : entry.duration().toMillis() + " ms",
        observed,
        entry.output() == null ? "" : entry.output()
      });
    }
    int[] width = new int[5];
    for (String[] row : rows) {
      for (int i = 0; i < row.length; i++) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    for (String[] row : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < row.length; i++) {
        if (i == 3 && !anyObserved) {
          continue;
        }
        if (i == row.length - 1) {
          line.append(row[i]);
        } else {
          line.append(String.format("%-" + width[i] + "s  ", row[i]));
        }
      }
      out.println(line.toString().stripTrailing());
    }
  }
}
