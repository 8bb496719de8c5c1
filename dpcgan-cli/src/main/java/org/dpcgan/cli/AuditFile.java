package org.dpcgan.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.dpcgan.core.data.InputFileException;
import org.dpcgan.core.data.InputFiles;
import org.dpcgan.core.synth.PrivacyAudit;
import org.dpcgan.core.synth.PrivacySpent;
import org.dpcgan.eval.GuaranteeAudit;
import org.dpcgan.privacy.clipping.OneRunAudit;

/**
 * Reads the JSON that {@code dpcgan audit --out F.json} writes ({@link PrivacyAudit.Report#toMap()}) back into the
 * report, refusing a file that is not such JSON, and gives it to the evaluation report as a {@link GuaranteeAudit}
 * whose verdicts are the audit's own ({@link PrivacyAudit.Report}), so that the checks are defined in one place.
 */
final class AuditFile {
  private static final ObjectMapper MAPPER = new ObjectMapper();
  /** Relative difference above which an audit's claimed (ε, δ, σ) is not the model's. */
  private static final double SAME_CLAIM_TOLERANCE = 1e-3;

  private final Path file;
  private final JsonNode root;

  private AuditFile(Path file, JsonNode root) {
    this.file = file;
    this.root = root;
  }

  /**
   * The audit in {@code file}.
   *
   * @throws IllegalArgumentException naming the file and the field when it is not the JSON {@code dpcgan audit}
   *     writes, or when its {@code passed} contradicts its figures
   */
  static PrivacyAudit.Report read(Path file) {
    InputFiles.requireReadable(file, "audit file");
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the audit file " + file + ": " + e.getMessage(), e);
    }
    JsonNode root;
    try {
      root = MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      throw new InputFileException(String.format(Locale.ROOT, "--audit %s is not valid JSON (line %d, column %d: %s);"
          + " it must be the file 'dpcgan audit --out F.json' writes", file, line,
          e.getLocation() == null ? 0 : e.getLocation().getColumnNr(), e.getOriginalMessage()), file.toString(), line,
          null);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("--audit " + file + " must hold one JSON object, the one 'dpcgan audit --out"
          + " F.json' writes. Provided: " + (root == null ? "an empty file" : "a JSON " + root.getNodeType()
              .name().toLowerCase(Locale.ROOT)));
    }
    return new AuditFile(file, root).report();
  }

  private PrivacyAudit.Report report() {
    OneRunAudit.Result empirical = new OneRunAudit.Result(integer("empirical", "canaries"),
        integer("empirical", "guesses"), integer("empirical", "correct"), number("empirical", "epsilon_lower_bound"),
        number("empirical", "confidence"), number("empirical", "noise_multiplier"),
        number("empirical", "noise_multiplier_upper"));
    PrivacyAudit.Report report = new PrivacyAudit.Report(number("sensitivity", "max_ratio"),
        integer("sensitivity", "steps"), integer("sensitivity", "canaries"), empirical, number("claimed", "epsilon"),
        number("claimed", "delta"), number("claimed", "noise_multiplier"));
    JsonNode passed = root.get("passed");
    if (passed == null || !passed.isBoolean()) {
      throw new IllegalArgumentException("--audit " + file + ": field 'passed' must be true or false. Provided: "
          + (passed == null ? "no such field" : passed));
    }
    if (passed.asBoolean() != report.passed()) {
      throw new IllegalArgumentException("--audit " + file + " says \"passed\": " + passed.asBoolean() + ", but its"
          + " figures " + (report.passed() ? "pass" : "fail") + " the audit's checks (" + report + "); the file was"
          + " edited or written by another version: run 'dpcgan audit --out' again");
    }
    try {
      toGuaranteeAudit(report);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("--audit " + file + ": " + e.getMessage(), e);
    }
    return report;
  }

  /** The audit as the evaluation report shows it, with the audit's own verdicts. */
  static GuaranteeAudit toGuaranteeAudit(PrivacyAudit.Report r) {
    OneRunAudit.Result e = r.empirical();
    return new GuaranteeAudit(
        new GuaranteeAudit.Sensitivity(r.maxRatio(), r.steps(), r.canaryRows(), r.sensitivityHolds()),
        new GuaranteeAudit.Empirical(e.epsilonLowerBound(), e.confidence(), e.canaries(), e.guesses(), e.correct(),
            e.noiseMultiplier(), e.noiseMultiplierUpper(), r.lowerBoundHolds(), r.noiseHolds()),
        new GuaranteeAudit.Claimed(r.claimedEpsilon(), r.claimedDelta(), r.claimedNoiseMultiplier()));
  }

  /**
   * A warning when the audit checked a fit whose claim is not the model's (another configuration or table), or
   * null when the claims agree.
   */
  static String mismatch(Path file, PrivacyAudit.Report r, PrivacySpent model) {
    if (close(r.claimedEpsilon(), model.epsilon()) && close(r.claimedDelta(), model.delta())
        && close(r.claimedNoiseMultiplier(), model.noiseMultiplier())) {
      return null;
    }
    return String.format(Locale.ROOT, "The audit %s checked a fit claiming (ε = %.4g, δ = %.3g, σ = %.4g), not this"
        + " model's (ε = %.4g, δ = %.3g, σ = %.4g): it audits another configuration or table, and says little about"
        + " this model.", file, r.claimedEpsilon(), r.claimedDelta(), r.claimedNoiseMultiplier(), model.epsilon(),
        model.delta(), model.noiseMultiplier());
  }

  private static boolean close(double a, double b) {
    return Math.abs(a - b) <= SAME_CLAIM_TOLERANCE * Math.max(Math.abs(a), Math.abs(b));
  }

  private JsonNode field(String section, String name) {
    JsonNode s = root.get(section);
    JsonNode v = s == null || !s.isObject() ? null : s.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("--audit " + file + ": missing field '" + section + "." + name + "'; the file"
          + " must be the JSON 'dpcgan audit --out F.json' writes: {\"sensitivity\":{\"max_ratio\",\"steps\","
          + "\"canaries\"},\"empirical\":{\"epsilon_lower_bound\",\"confidence\",\"canaries\",\"guesses\",\"correct\","
          + "\"noise_multiplier\",\"noise_multiplier_upper\"},\"claimed\":{\"epsilon\",\"delta\",\"noise_multiplier\"},"
          + "\"passed\"}");
    }
    return v;
  }

  /** A number; the audit writes NaN and ±∞ as the strings Jackson uses for them. */
  private double number(String section, String name) {
    JsonNode v = field(section, name);
    if (v.isNumber()) {
      return v.asDouble();
    }
    if (v.isTextual() && (v.asText().equals("NaN") || v.asText().equals("Infinity")
        || v.asText().equals("-Infinity"))) {
      return Double.parseDouble(v.asText());
    }
    throw new IllegalArgumentException("--audit " + file + ": field '" + section + "." + name + "' must be a number."
        + " Provided: " + v);
  }

  private int integer(String section, String name) {
    JsonNode v = field(section, name);
    if (!v.isIntegralNumber() || !v.canConvertToInt()) {
      throw new IllegalArgumentException("--audit " + file + ": field '" + section + "." + name + "' must be a whole"
          + " number. Provided: " + v);
    }
    return v.asInt();
  }
}
