package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dpcgan.cli.CliTestSupport.files;
import static org.dpcgan.cli.CliTestSupport.flchainColumns;
import static org.dpcgan.cli.CliTestSupport.run;
import static org.dpcgan.cli.CliTestSupport.smallFlchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.dpcgan.cli.CliTestSupport.Run;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dpcgan sweep}: one tiny sweep (300 flchain rows, 2 ε points, 1 repeat, 1 epoch) made once; its files, its
 * JSON field by field, resuming, and the refusals.
 */
class SweepCommandTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path shared;
  @TempDir Path dir;

  private static Path data;
  private static Path sweep;
  private static Run first;

  /** The options of the sweep; {@code extra} appended. */
  static String[] sweepArgs(Path data, Path outDir, String... extra) {
    List<String> args = new ArrayList<>(List.of("sweep", "--data", data.toString(), "--columns",
        flchainColumns().toString(), "--epsilons", "3,1", "--repeats", "1", "--epochs", "1", "--target", "death",
        "--analysis", "death ~ age + sex", "--attacks", "20", "--seed", "5", "--out-dir", outDir.toString()));
    args.addAll(List.of(extra));
    return args.toArray(new String[0]);
  }

  @BeforeAll
  static void sweepOnce() throws Exception {
    data = smallFlchain(shared, 300);
    sweep = shared.resolve("sweep");
    first = run(sweepArgs(data, sweep, "--json"));
    assertThat(first.rc()).as(first.err()).isZero();
  }

  @Test
  void writesThePageTheJsonTheOptionsAndOneFilePerRun() throws Exception {
    assertThat(files(sweep)).containsExactly("runs", "sweep-options.json", "sweep.html", "sweep.json");
    assertThat(files(sweep.resolve("runs"))).containsExactly("eps-1-r1.json", "eps-3-r1.json");
    assertThat(JSON.readTree(Files.readString(sweep.resolve("sweep.json")))).isEqualTo(JSON.readTree(first.out()));
    assertThat(first.err()).contains("dpcgan sweep: 2 points × 1 repeats = 2 runs on 240 training and 60 holdout"
        + " rows; none done yet").contains("dpcgan sweep: run 1 of 2").contains("dpcgan sweep: run 2 of 2")
        .contains("ε=1 #1").contains("ε=3 #1");
  }

  @Test
  void json_hasThePointsAndRuns_fieldByField() throws Exception {
    JsonNode j = JSON.readTree(first.out());
    List<String> keys = new ArrayList<>();
    j.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("options", "rows", "utility_metric", "points", "runs", "files", "resumed");
    assertThat(j.get("rows").get("train").asInt()).isEqualTo(240);
    assertThat(j.get("rows").get("holdout").asInt()).isEqualTo(60);
    assertThat(j.get("utility_metric").asText()).isEqualTo("f1_positive");
    assertThat(j.get("resumed").asInt()).isZero();
    assertThat(j.get("options").get("epsilons").toString()).isEqualTo("[1.0,3.0]");
    assertThat(j.get("options").get("holdout_fraction").asDouble()).isEqualTo(0.2);
    assertThat(j.get("options").get("epochs").asInt()).isEqualTo(1);

    JsonNode points = j.get("points");
    assertThat(points.size()).isEqualTo(2);
    JsonNode p = points.get(0);
    assertThat(p.get("label").asText()).isEqualTo("ε=1");
    assertThat(p.get("epsilon").asDouble()).isEqualTo(1.0);
    assertThat(points.get(1).get("label").asText()).isEqualTo("ε=3");
    assertThat(p.get("runs").asInt()).isEqualTo(1);
    JsonNode run = j.get("runs").get(0);
    JsonNode report = JSON.readTree(Files.readString(sweep.resolve("runs").resolve("eps-1-r1.json")));
    assertThat(report.get("label").asText()).isEqualTo("ε=1");
    assertThat(report.get("repeat").asInt()).isEqualTo(1);
    JsonNode r = report.get("report");
    // one run per point: the point's mean, min and max are the run's figures, which are its report's
    assertStat(p.get("quality"), r.get("fidelity").get("quality_score").asDouble());
    assertStat(p.get("detection"), r.get("detection").get("score").asDouble());
    assertStat(p.get("s_pmse"), r.get("fidelity").get("pmse").get("s_pmse").asDouble());
    assertStat(p.get("epsilon_spent"), report.get("fit").get("privacy").get("epsilon").asDouble());
    assertThat(p.get("epsilon_spent").get("mean").asDouble()).isLessThanOrEqualTo(1.0 + 1e-9).isPositive();
    assertThat(p.get("utility").get("metric").asText()).isEqualTo("f1_positive");
    assertStat(p.get("utility").get("synthetic"), r.get("utility").get("train_synthetic").get("f1_positive")
        .asDouble());
    assertStat(p.get("utility").get("real"), r.get("utility").get("train_real").get("f1_positive").asDouble());
    JsonNode analysis = p.get("analysis").get(0);
    assertThat(analysis.get("formula").asText()).isEqualTo("death ~ age + sex");
    assertStat(analysis.get("mean_ci_overlap"), r.get("analysis").get(0).get("mean_ci_overlap").asDouble());
    for (String risk : SweepSummary.RISKS) {
      JsonNode mine = p.get("risks").get(risk);
      JsonNode theirs = r.get("privacy").get(risk);
      assertStat(mine.get("risk"), theirs.get("risk").asDouble());
      assertThat(mine.get("ci")).isEqualTo(theirs.get("ci"));
    }
    assertThat(run.get("label").asText()).isEqualTo("ε=1");
    assertThat(run.get("repeat").asInt()).isEqualTo(1);
    assertThat(run.get("seed").asLong()).isEqualTo(report.get("seed").asLong());
    assertThat(run.get("file").asText()).isEqualTo("runs/eps-1-r1.json");
    assertThat(run.get("quality").asDouble()).isEqualTo(r.get("fidelity").get("quality_score").asDouble());
    assertThat(run.get("risks").get("inference").get("ci")).isEqualTo(r.get("privacy").get("inference").get("ci"));
    // every repeat's fits share a seed; the guarantee is in each run's report
    assertThat(j.get("runs").get(1).get("seed").asLong()).isEqualTo(run.get("seed").asLong());
    assertThat(r.get("guarantee").get("epsilon").asDouble()).isEqualTo(p.get("epsilon_spent").get("mean").asDouble());
  }

  private static void assertStat(JsonNode stat, double value) {
    assertThat(stat.get("mean").asDouble()).isEqualTo(value);
    assertThat(stat.get("min").asDouble()).isEqualTo(value);
    assertThat(stat.get("max").asDouble()).isEqualTo(value);
    assertThat(stat.get("n").asInt()).isEqualTo(1);
  }

  @Test
  void page_hasFourPlotsAndBothTables() throws Exception {
    String html = Files.readString(sweep.resolve("sweep.html"));
    assertThat(html).startsWith("<!DOCTYPE html>").doesNotContain("http://").doesNotContain("https://");
    for (String plot : new String[] {"quality", "utility", "analysis", "risks"}) {
      assertThat(html).contains("<img class=\"plot " + plot + "\"");
    }
    assertThat(ReportCount.count(html, "data:image/png;base64,")).isEqualTo(4);
    assertThat(html).contains("<h2>Points</h2>").contains("<h2>Runs</h2>").contains("<td>ε=1</td>")
        .contains("CI overlap: death ~ age + sex");
  }

  @Test
  void pageInAHeadlessBrowser_decodesEveryPlot_withoutConsoleMessages() throws Exception {
    Chromium.assumeInstalled();
    Path page = sweep.resolve("sweep.html");
    Chromium.Result dom = Chromium.run(page, "--dump-dom", dir);
    assertThat(dom.exitCode()).as(dom.stderr()).isZero();
    // the page's inline script counts the plot images that decoded (naturalWidth > 0) after 'load'
    assertThat(dom.stdout()).contains("data-plots-loaded=\"4\"").contains("4 of 4 plots loaded")
        .contains("<h2>Points</h2>");
    // the page writes nothing to the console, so any console line (an error, an uncaught exception) fails
    assertThat(dom.consoleLines()).isEmpty();
    Path shot = dir.resolve("sweep.png");
    Chromium.Result screenshot = Chromium.run(page, "--screenshot=" + shot, dir);
    assertThat(screenshot.exitCode()).as(screenshot.stderr()).isZero();
    assertThat(Files.size(shot)).isGreaterThan(10_000);
  }

  @Test
  void consoleCheck_catchesScriptErrors() throws Exception {
    // negative control for the check above: a page that logs an error and throws
    Chromium.assumeInstalled();
    Path page = Files.writeString(dir.resolve("bad.html"), "<!DOCTYPE html><html><body><script>console.error('boom');"
        + " undefinedFn();</script></body></html>");
    Chromium.Result dom = Chromium.run(page, "--dump-dom", dir);
    assertThat(dom.consoleLines()).anyMatch(l -> l.contains("boom")).anyMatch(l -> l.contains("Uncaught"
        + " ReferenceError"));
  }

  @Test
  void rerun_resumesEveryRun_andAddsOnlyNewPoints() throws Exception {
    Path copy = dir.resolve("sweep");
    copyTree(sweep, copy);
    Run again = run(sweepArgs(data, copy, "--json"));
    assertThat(again.rc()).as(again.err()).isZero();
    assertThat(again.err()).contains("2 runs on 240 training and 60 holdout rows; 2 done in " + copy + ", 0 to do")
        .doesNotContain("run 1 of 2");
    JsonNode j = JSON.readTree(again.out());
    assertThat(j.get("resumed").asInt()).isEqualTo(2);
    assertThat(j.get("points")).isEqualTo(JSON.readTree(first.out()).get("points"));

    Files.delete(copy.resolve("runs").resolve("eps-3-r1.json"));   // as if the sweep had been stopped there
    Run interrupted = run(sweepArgs(data, copy, "--no-dp-point"));
    assertThat(interrupted.rc()).as(interrupted.err()).isZero();
    assertThat(interrupted.err()).contains("3 points × 1 repeats = 3 runs on 240 training and 60 holdout rows; 1 done"
        + " in " + copy + ", 2 to do").contains("run 2 of 3").contains("run 3 of 3").contains("no DP #1");
    assertThat(files(copy.resolve("runs"))).containsExactly("eps-1-r1.json", "eps-3-r1.json", "no-dp-r1.json");
    assertThat(interrupted.out()).contains("no DP").contains("Wrote " + copy.resolve("sweep.html") + " and "
        + copy.resolve("sweep.json") + " (3 runs, 1 of them from earlier sweeps into " + copy + ").");
  }

  @Test
  void holdoutFile_isTheHoldout_andItsContentIsAnOption() throws Exception {
    List<String> lines = Files.readAllLines(data);
    Path train = Files.write(dir.resolve("train.csv"), lines.subList(0, 201));
    Path held = Files.write(dir.resolve("held.csv"), java.util.stream.Stream.concat(Stream.of(lines.get(0)),
        lines.subList(201, 281).stream()).toList());
    Path out = dir.resolve("held-out");
    String[] args = with(sweepArgs(train, out, "--holdout", held.toString(), "--json"), "--epsilons", "2");
    Run r = run(args);
    assertThat(r.rc()).as(r.err()).isZero();
    JsonNode j = JSON.readTree(r.out());
    assertThat(j.get("rows").get("train").asInt()).isEqualTo(200);
    assertThat(j.get("rows").get("holdout").asInt()).isEqualTo(80);
    assertThat(j.get("options").get("holdout").asText()).isEqualTo(held.toString());
    assertThat(j.get("options").get("holdout_sha256").asText()).hasSize(64);
    assertThat(j.get("options").has("holdout_fraction")).isFalse();
    assertThat(j.get("points").get(0).get("risks").get("singling_out").get("ci").size()).isEqualTo(2);
    Files.write(held, Files.readAllLines(held).subList(0, 80));   // one row fewer: another holdout, other options
    Run again = run(args);
    assertThat(again.rc()).isEqualTo(2);
    assertThat(again.err()).contains("holds a sweep made with other options (holdout_sha256 \"");
  }

  @Test
  void rerunWithOtherOptions_isRefused_sayingWhichDiffer() throws Exception {
    Path copy = dir.resolve("sweep");
    copyTree(sweep, copy);
    Run r = run(with(with(sweepArgs(data, copy, "--json"), "--epochs", "2"), "--attacks", "30"));
    String message = "--out-dir " + copy + " holds a sweep made with other options (epochs 1 there, 2 now; attacks 20"
        + " there, 30 now): its runs cannot be mixed with these. Use another --out-dir, or the same options to resume"
        + " it";
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).startsWith("dpcgan sweep: " + message + "\n");
    assertThat(JSON.readTree(r.out()).get("error").get("message").asText()).isEqualTo(message);
  }

  @Test
  void rerunOnOtherData_isRefused() throws Exception {
    Path copy = dir.resolve("sweep");
    copyTree(sweep, copy);
    Path other = Files.writeString(dir.resolve("other.csv"), Files.readString(data).replaceFirst("\n97,", "\n96,"));
    Run r = run(sweepArgs(other, copy));
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.err()).contains("holds a sweep made with other options (data_sha256 \"");
  }

  /** Status 2, the message on stderr and in the JSON error, and nothing written to the out-dir. */
  private void assertRefused(String[] args, String message) throws IOException {
    Run r = run(args);
    assertThat(r.rc()).as(r.err()).isEqualTo(2);
    assertThat(r.err()).startsWith("dpcgan sweep: " + message + "\n");
    assertThat(JSON.readTree(r.out()).get("error").get("message").asText()).isEqualTo(message);
    assertThat(Files.exists(dir.resolve("out"))).isFalse();
  }

  private String[] badArgs(String option, String value) {
    return with(sweepArgs(data, dir.resolve("out"), "--json"), option, value);
  }

  @Test
  void nonPositiveEpsilon_isRefused() throws Exception {
    assertRefused(badArgs("--epsilons", "1,0"), "--epsilons must be finite and > 0. Provided value: 0.0");
  }

  @Test
  void nanEpsilon_isRefused() throws Exception {
    assertRefused(badArgs("--epsilons", "NaN"), "--epsilons must be finite and > 0. Provided value: NaN");
  }

  @Test
  void repeatedEpsilon_isRefused() throws Exception {
    assertRefused(badArgs("--epsilons", "1,3,1.0"), "--epsilons must be distinct; 1 repeats. Provided: [1, 3, 1]");
  }

  @Test
  void zeroRepeats_isRefused() throws Exception {
    assertRefused(badArgs("--repeats", "0"), "--repeats must be >= 1. Provided value: 0");
  }

  @Test
  void holdoutFractionOfOne_isRefused() throws Exception {
    assertRefused(sweepArgs(data, dir.resolve("out"), "--holdout-fraction", "1", "--json"),
        "--holdout-fraction must be in (0, 1). Provided value: 1.0");
  }

  @Test
  void holdoutFileAndFraction_areRefusedTogether() throws Exception {
    assertRefused(sweepArgs(data, dir.resolve("out"), "--holdout", data.toString(), "--holdout-fraction", "0.3",
        "--json"), "--holdout and --holdout-fraction exclude each other: give a holdout file, or the share of --data"
        + " to hold out");
  }

  @Test
  void analysisOfAMissingColumn_isRefusedBeforeAnyFit() throws Exception {
    assertRefused(badArgs("--analysis", "death ~ age + weight"), "analysis 'death ~ age + weight': unknown column"
        + " 'weight'; columns are: age, sex, sample.yr, kappa, lambda, flc.grp, creatinine, mgus, futime, death,"
        + " chapter");
  }

  @Test
  void unknownTarget_isRefusedBeforeAnyFit() throws Exception {
    assertRefused(badArgs("--target", "income"), "--target names the column 'income', which " + data + " does not"
        + " have. Columns: [age, sex, sample.yr, kappa, lambda, flc.grp, creatinine, mgus, futime, death, chapter]");
  }

  @Test
  void outDirThatIsAFile_isRefused() throws Exception {
    Path file = Files.writeString(dir.resolve("file"), "x");
    Run r = run(sweepArgs(data, file, "--json"));
    assertThat(r.rc()).isEqualTo(2);
    assertThat(JSON.readTree(r.out()).get("error").get("message").asText())
        .isEqualTo("--out-dir must be a folder. Provided: " + file + " (a file)");
  }

  @Test
  void outDirWithRunsButNoOptions_isRefused() throws Exception {
    Path out = dir.resolve("other");
    Files.createDirectories(out.resolve("runs"));
    Run r = run(sweepArgs(data, out, "--json"));
    assertThat(r.rc()).isEqualTo(2);
    assertThat(JSON.readTree(r.out()).get("error").get("message").asText()).isEqualTo("--out-dir " + out + " has a"
        + " runs folder but no sweep-options.json, so its runs cannot be checked against these options; use another"
        + " --out-dir");
  }

  @Test
  void help_listsTheOptions() {
    Run r = run("sweep", "--help");
    assertThat(r.rc()).isZero();
    assertThat(r.out()).contains("--data=F").contains("--columns=SIDECAR").contains("--holdout=F")
        .contains("--holdout-fraction=Q").contains("--epsilons=E[,E...]").contains("--no-dp-point")
        .contains("--repeats=N").contains("--epochs=N").contains("--target=COL").contains("--analysis=FORMULA")
        .contains("--out-dir=DIR").contains("--json");
  }

  /** {@code args} with the value of {@code option} replaced. */
  private static String[] with(String[] args, String option, String value) {
    String[] out = args.clone();
    out[List.of(args).indexOf(option) + 1] = value;
    return out;
  }

  private static void copyTree(Path from, Path to) throws IOException {
    try (var paths = Files.walk(from)) {
      for (Path p : paths.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }

  /** Counting helper (the page's images). */
  static final class ReportCount {
    static int count(String text, String part) {
      int n = 0;
      for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
        n++;
      }
      return n;
    }
  }
}
