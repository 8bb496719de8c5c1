package org.dpcgan.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import org.dpcgan.core.data.AtomicFiles;
import org.dpcgan.core.data.InputFiles;
import org.dpcgan.core.data.Tables;
import org.dpcgan.core.synth.PrivacyAudit;
import org.dpcgan.core.synth.TrainedSynthesizer;
import org.dpcgan.eval.EvalColumnKind;
import org.dpcgan.eval.EvaluationReport;
import org.dpcgan.eval.Evaluator;
import org.dpcgan.eval.rules.Rules;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import tech.tablesaw.api.ColumnType;
import tech.tablesaw.api.Table;
import tech.tablesaw.io.csv.CsvReadOptions;

/**
 * {@code dpcgan evaluate}: fidelity, utility and privacy risks of a synthetic table (DESIGN.md §5).
 *
 * <p>Tables are CSV or gzip-compressed CSV ({@code .gz}) with a header; an empty field is missing. With a
 * sidecar ({@code column,type,...}; type categorical, ordinal, integer or continuous) the column kinds come
 * from it; otherwise they are inferred from the real table, and the other tables are read with the real
 * table's column types. {@code --analysis} and {@code --rules} add the analyses and the rule violations to the
 * report; {@code --audit} shows a {@code dpcgan audit} result beside the model's guarantee.
 */
@Command(
    name = "evaluate",
    mixinStandardHelpOptions = true,
    description = "Evaluate a synthetic table against the real one (and a real holdout): fidelity, utility, privacy.")
final class EvaluateCommand implements Callable<Integer> {
  /** Rows of each table evaluated by default; a larger table is subsampled (flat memory, bounded time). */
  static final int DEFAULT_MAX_ROWS = 200_000;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--real", required = true, paramLabel = "F",
      description = "Real (training) table: CSV, CSV.gz or Parquet (by extension).")
  Path real;

  @Option(names = "--synthetic", required = true, paramLabel = "F",
      description = "Synthetic table: CSV, CSV.gz or Parquet (by extension).")
  Path synthetic;

  @Option(names = "--holdout", paramLabel = "F", description = "Real rows the generator never saw (needed for the privacy risks).")
  Path holdout;

  @Option(names = "--columns", paramLabel = "SIDECAR", description = "Column sidecar CSV: column,type,... (categorical|ordinal|integer|continuous).")
  Path columns;

  @Option(names = "--target", paramLabel = "COL", description = "Target column of the utility test.")
  String target;

  @Option(names = "--secret", paramLabel = "COL", description = "Secret column of the inference attack (default: the target).")
  String secret;

  @Option(names = "--seed", paramLabel = "S", defaultValue = "0", description = "Seed of every random choice (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--attacks", paramLabel = "N", defaultValue = "1000", description = "Attacks per privacy risk (default: ${DEFAULT-VALUE}).")
  int attacks;

  @Option(names = "--model", paramLabel = "MODEL",
      description = "The model file that generated the synthetic table: the report then shows its (epsilon, delta)"
          + " guarantee next to the measured risks, with warnings on public metadata or insecure noise.")
  Path model;

  @Option(names = "--analysis", paramLabel = "FORMULA",
      description = "A regression to fit on the real and on the synthetic rows and compare coefficient by coefficient,"
          + " e.g. \"income ~ age + education-num + sex\" (logistic for a binary outcome, linear for a numeric one;"
          + " categorical predictors dummy-coded). Repeatable.")
  List<String> analyses = new ArrayList<>();

  @Option(names = "--rules", paramLabel = "FILE",
      description = "Plausibility rules, one a line (e.g. 'sex = Female => relationship != Husband'): the report"
          + " gives each rule's share of violating real and synthetic rows. See docs/evaluation.md for the language.")
  Path rules;

  @Option(names = "--audit", paramLabel = "F.json",
      description = "The result of 'dpcgan audit --out F.json' for the model's DP fit: shown beside the model's"
          + " claimed epsilon (needs --model).")
  Path audit;

  @Option(names = "--max-rows", paramLabel = "N", defaultValue = "" + DEFAULT_MAX_ROWS,
      description = "Rows evaluated at most from each table: a larger one is read in one pass into a seeded uniform"
          + " random sample of N rows, which the report names (default: ${DEFAULT-VALUE}).")
  int maxRows;

  @Option(names = "--json", description = "Print the report as one JSON object on stdout.")
  boolean json;

  @Option(names = "--html", paramLabel = "F", description = "Write a self-contained HTML report with plots.")
  Path html;

  @Override
  public Integer call() throws IOException {
    Path htmlFile = new OutputFiles().input("--real", real).input("--synthetic", synthetic).input("--holdout", holdout)
        .input("--columns", columns).input("--model", model).input("--rules", rules).input("--audit", audit)
        .output("--html", html);
    if (audit != null && model == null) {
      throw new IllegalArgumentException("--audit needs --model: the audit is shown beside the guarantee the model"
          + " claims");
    }
    Evaluator.Builder builder = Evaluator.builder().seed(seed).target(target).secret(secret).attacks(attacks);
    analyses.forEach(builder::analysis);
    if (rules != null) {
      InputFiles.requireReadable(rules, "rules file");
      builder.rules(Rules.parse(rules));
    }
    builder.build();   // checks every setting and formula before any table is read
    PrivacyAudit.Report auditReport = audit == null ? null : AuditFile.read(audit);
    TrainedSynthesizer generator = model == null ? null : TrainedSynthesizer.load(model);
    if (auditReport != null && generator.privacySpent().isEmpty()) {
      throw new IllegalArgumentException("--audit applies to a differentially private model, and the model " + model
          + " was trained without DP: there is no guarantee to audit");
    }
    Map<String, String> sidecar = columns == null ? Map.of() : readSidecar(columns);
    if (maxRows < 1) {
      throw new IllegalArgumentException("--max-rows must be >= 1. Provided value: " + maxRows);
    }
    List<String> subsampled = new ArrayList<>();
    Table realTable = read(real, sidecarTypes(sidecar), 0, subsampled);
    Map<String, ColumnType> realTypes = new LinkedHashMap<>();
    for (var c : realTable.columns()) {
      realTypes.put(c.name(), c.type());
    }
    Table syntheticTable = read(synthetic, realTypes, 1, subsampled);
    Table holdoutTable = holdout == null ? null : read(holdout, realTypes, 2, subsampled);
    sidecar.forEach(
        (name, type) -> {
          if (realTypes.containsKey(name)) {
            builder.columnKind(name, type.equals("categorical") || type.equals("ordinal")
                ? EvalColumnKind.CATEGORICAL
                : EvalColumnKind.NUMERIC);
          }
        });
    EvaluationReport report = builder.build().evaluate(realTable, syntheticTable, holdoutTable)
        .withWarnings(subsampled);
    if (generator != null) {
      report = withModelPrivacy(report, generator);
    }
    if (auditReport != null) {
      report = report.withAudit(AuditFile.toGuaranteeAudit(auditReport));
      String mismatch = AuditFile.mismatch(audit, auditReport, generator.privacySpent().orElseThrow());
      if (mismatch != null) {
        report = report.withWarnings(List.of(mismatch));
      }
    }
    if (htmlFile != null) {
      writeAtomically(htmlFile, report.toHtml());
    }
    PrintWriter out = spec.commandLine().getOut();
    if (json) {
      out.println(report.toJson());
      out.flush();
    } else {
      out.println(report.toMarkdown());
      if (html != null) {
        out.println("HTML report written to " + html);
      }
      out.flush();
    }
    return 0;
  }

  /**
   * The report with what the generating model promises: its (ε, δ) guarantee and the caveats a reader must
   * see (metadata declared public, reproducible noise), or a warning that it promises nothing.
   */
  static EvaluationReport withModelPrivacy(EvaluationReport report, TrainedSynthesizer model) {
    return model.privacySpent().map(p -> {
      List<String> warnings = new ArrayList<>();
      warnings.add("The schema's bounds, levels and columns without missing values were declared public by the user:"
          + " they are not protected by epsilon (only the rows are).");
      if (!p.secureNoise()) {
        warnings.add("The model was trained with REPRODUCIBLE (insecure, seed-derived) noise: its guarantee does not"
            + " hold against anyone who knows the seed.");
      }
      String notes = String.format(Locale.ROOT, p.accountant().toUpperCase(Locale.ROOT) + " accountant over %d ledger"
          + " entries (noisy metadata histograms,"
          + " %d DP-SGD critic steps, σ=%.4g, q=%.4g, C=%.3g)", p.ledger().entries().size(), p.dpSteps(),
          p.noiseMultiplier(), p.samplingRate(), p.clipNorm());
      return report.withGuarantee(p.epsilon(), p.delta(), notes).withWarnings(warnings);
    }).orElseGet(() -> report.withWarnings(List.of("The model was trained WITHOUT differential privacy: it gives no"
        + " formal privacy guarantee; only the measured risks above describe it.")));
  }

  /** Sidecar rows as column → type; the types are checked. */
  static Map<String, String> readSidecar(Path file) throws IOException {
    InputFiles.requireReadable(file, "sidecar");
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    if (lines.isEmpty() || !unquote(lines.get(0).split(",", -1)[0]).equals("column")) {
      throw new IllegalArgumentException(
          "sidecar " + file + " must start with a header 'column,type,...'");
    }
    Map<String, String> out = new LinkedHashMap<>();
    for (String line : lines.subList(1, lines.size())) {
      if (line.isBlank()) {
        continue;
      }
      String[] fields = line.split(",", -1);
      if (fields.length < 2) {
        throw new IllegalArgumentException("sidecar " + file + ": line '" + line + "' has no type");
      }
      String type = unquote(fields[1]).toLowerCase(Locale.ROOT);
      if (!List.of("categorical", "ordinal", "integer", "continuous").contains(type)) {
        throw new IllegalArgumentException(
            "sidecar "
                + file
                + ": type of column '"
                + unquote(fields[0])
                + "' must be categorical, ordinal, integer or continuous. Provided: "
                + type);
      }
      out.put(unquote(fields[0]), type);
    }
    return out;
  }

  private static Map<String, ColumnType> sidecarTypes(Map<String, String> sidecar) {
    Map<String, ColumnType> out = new LinkedHashMap<>();
    sidecar.forEach(
        (name, type) ->
            out.put(name, type.equals("categorical") || type.equals("ordinal") ? ColumnType.STRING : ColumnType.DOUBLE));
    return out;
  }

  private static String unquote(String s) {
    String t = s.trim();
    return t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"") ? t.substring(1, t.length() - 1) : t;
  }

  /**
   * Reads a CSV (gzip if the name ends in .gz) or a Parquet file, or a seeded random sample of {@code maxRows} of its
   * rows when it has more (noted in {@code subsampled}; the sample's seed is the {@code role}-th draw from
   * {@code --seed}): one strict pass ({@link Tables#subsample}) copies the rows kept, every row of a file within
   * {@code maxRows}, to a temporary CSV file that tablesaw then reads; the given types win over its guesses.
   */
  private Table read(Path file, Map<String, ColumnType> types, int role, List<String> subsampled) throws IOException {
    Path csv = Files.createTempFile("dpcgan-evaluate-", ".csv");
    try {
      SplittableRandom seeds = new SplittableRandom(seed);
      for (int k = 0; k < role; k++) {
        seeds.nextLong();
      }
      long rows = Tables.subsample(file, maxRows, seeds.nextLong(), csv);
      if (rows > maxRows) {
        subsampled.add(String.format(Locale.ROOT, "%s has %,d rows: evaluated on a uniform random sample of %,d of"
            + " them (--max-rows; seeded by --seed)", file.getFileName(), rows, maxRows));
      }
      return readCsv(csv, file, types);
    } finally {
      Files.deleteIfExists(csv);
    }
  }

  private static Table readCsv(Path file, Path shown, Map<String, ColumnType> types) throws IOException {
    try (InputStream in = InputFiles.open(file, "table")) {
      return Table.read()
          .csv(
              CsvReadOptions.builder(in)
                  .tableName(shown.getFileName().toString())
                  .missingValueIndicator("")
                  .columnTypesPartial(types)
                  .build());
    } catch (IOException e) {
      throw new IOException("cannot read " + shown + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("cannot parse " + shown + " as CSV: " + e.getMessage(), e);
    }
  }

  /** Writes {@code content} (UTF-8) atomically, see {@link AtomicFiles}. */
  static void writeAtomically(Path target, String content) throws IOException {
    AtomicFiles.write(target, content.getBytes(StandardCharsets.UTF_8));
  }

}
