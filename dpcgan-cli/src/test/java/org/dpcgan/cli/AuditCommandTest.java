package org.dpcgan.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.dpcgan.cli.CliTestSupport.flchainColumns;
import static org.dpcgan.cli.CliTestSupport.run;
import static org.dpcgan.cli.CliTestSupport.smallFlchain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.dpcgan.cli.CliTestSupport.Run;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AuditCommandTest {
  @TempDir Path dir;

  @Test
  void audit_json_printsTheContractFields_passes_andWritesTheFile() throws Exception {
    Path out = dir.resolve("audit.json");
    Run r = run("audit", "--data", smallFlchain(dir, 400).toString(), "--columns", flchainColumns().toString(),
        "--epsilon", "3", "--epochs", "2", "--discriminator-widths", "64,64", "--steps", "3", "--canaries", "1000",
        "--confidence", "0.999", "--out", out.toString(), "--json");   // at 0.95 a correct fit fails 1 run in 20
    assertThat(r.rc()).as(r.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(r.out());
    List<String> keys = new ArrayList<>();
    j.fieldNames().forEachRemaining(keys::add);
    assertThat(keys).containsExactly("sensitivity", "empirical", "claimed", "passed");
    assertThat(j.get("sensitivity").get("max_ratio").asDouble()).isLessThanOrEqualTo(1 + 1e-5);
    assertThat(j.get("sensitivity").get("steps").asInt()).isEqualTo(3);
    assertThat(j.get("empirical").get("epsilon_lower_bound").asDouble())
        .isLessThanOrEqualTo(j.get("claimed").get("epsilon").asDouble());
    assertThat(j.get("empirical").get("confidence").asDouble()).isEqualTo(0.999);
    assertThat(j.get("empirical").get("canaries").asInt()).isEqualTo(1000);
    assertThat(j.get("claimed").get("delta").asDouble()).isEqualTo(1e-5);
    assertThat(j.get("passed").asBoolean()).isTrue();
    assertThat(new ObjectMapper().readTree(Files.readString(out))).isEqualTo(j);
  }

  @Test
  void audit_withoutEpsilon_isAUsageError() {
    Run r = run("audit", "--data", "t.csv", "--columns", "t.columns.csv", "--json");
    assertThat(r.rc()).isEqualTo(2);
    assertThat(r.out()).contains("Missing required option: '--epsilon=E'");
  }
}
