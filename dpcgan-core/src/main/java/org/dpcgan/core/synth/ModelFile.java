package org.dpcgan.core.synth;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.dpcgan.core.data.AtomicFiles;
import org.dpcgan.core.data.ColumnSpec;
import org.dpcgan.core.data.InputFiles;
import org.dpcgan.core.data.Schema;
import org.dpcgan.core.internal.gan.Discriminator;
import org.dpcgan.core.internal.gan.GanConfig;
import org.dpcgan.core.internal.gan.GanTrainer;
import org.dpcgan.core.internal.gan.Generator;
import org.dpcgan.core.internal.nn.Parameter;
import org.dpcgan.core.internal.random.RandomStreams;
import org.dpcgan.core.internal.transform.ColumnLayout;
import org.dpcgan.core.internal.transform.DataTransformer;
import org.dpcgan.core.internal.transform.TransformerDescription;
import org.dpcgan.privacy.accounting.Accountants;
import org.dpcgan.privacy.ledger.PrivacyLedger;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The model file (DESIGN.md §5): a zip of uncompressed entries
 *
 * <ul>
 *   <li>{@code manifest.json}: format name and version, library version, schema, the transformer's
 *       description, configuration, provenance, loss history, condition counts, a DP fit's released noisy counts
 *       ({@code releasedCounts}, which marginal matching rakes to; {@code null} or absent without them), privacy
 *       ledger ({@code null} for a non-private model) and the list of weight tensors;
 *   <li>{@code generator.bin}: the generator's parameters and BatchNorm running statistics, big-endian
 *       ({@code "DPCGANW1"}, tensor count, then per tensor: UTF name, rank, shape, float32 values);
 *   <li>{@code training.bin} (format 2, unless saved {@link TrainedSynthesizer#withoutTrainingState()}): what
 *       {@link Synthesizer#resume} continues from, in the same tensor format: the critic's parameters, then the
 *       generator's Adam moments, then the critic's ({@code <parameter>.adam.m}, {@code <parameter>.adam.v});
 *       the manifest's {@code training} object holds both optimisers' step counts;
 *   <li>{@code checksums.sha256}: {@code <hex SHA-256>  <entry>} for every other entry.
 * </ul>
 *
 * <p>Format 1 files (no training state) are still read; they sample but cannot resume. No entry holds
 * training rows: the weights are functions of the rows (for a DP model, covered by its guarantee). Writing goes to a temporary file in the target directory that is then
 * moved over the target atomically, so a failed write leaves no partial model.
 */
final class ModelFile {
  /** The format version this library writes; it reads this version and older ones. */
  static final int FORMAT_VERSION = 2;
  static final String FORMAT_NAME = "dpcgan-model";
  static final String MANIFEST = "manifest.json";
  static final String WEIGHTS = "generator.bin";
  static final String TRAINING = "training.bin";
  static final String CHECKSUMS = "checksums.sha256";
  private static final byte[] WEIGHTS_MAGIC = "DPCGANW1".getBytes(StandardCharsets.US_ASCII);
  private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ModelFile() {}

  static void write(TrainedSynthesizer model, Path path) {
    if (path == null) {
      throw new IllegalArgumentException("model path must not be null");
    }
    Path target = path.toAbsolutePath();
    Path dir = target.getParent();
    if (dir == null || !Files.isDirectory(dir)) {
      throw new IllegalArgumentException("the directory of model file " + path + " must exist. Provided: " + dir);
    }
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put(MANIFEST, manifest(model));
    entries.put(WEIGHTS, weights(model.generator().state()));
    model.trainingState().ifPresent(t -> entries.put(TRAINING, weights(trainingTensors(t))));
    StringBuilder sums = new StringBuilder();
    for (Map.Entry<String, byte[]> e : entries.entrySet()) {
      sums.append(sha256(e.getValue())).append("  ").append(e.getKey()).append('\n');
    }
    entries.put(CHECKSUMS, sums.toString().getBytes(StandardCharsets.UTF_8));
    try {
      AtomicFiles.write(target, os -> {
        try (ZipOutputStream zip = new ZipOutputStream(os)) {
          long time = model.provenance().finishedAt().toEpochMilli();
          for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            zip.putNextEntry(storedEntry(e.getKey(), e.getValue(), time));
            zip.write(e.getValue());
            zip.closeEntry();
          }
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write model file " + path + ": " + e, e);
    }
  }

  static TrainedSynthesizer read(Path path) {
    if (path == null) {
      throw new IllegalArgumentException("model path must not be null");
    }
    InputFiles.requireReadable(path, "model file");
    Map<String, byte[]> entries = new LinkedHashMap<>();
    try (ZipFile zip = new ZipFile(path.toFile())) {
      var it = zip.entries();
      while (it.hasMoreElements()) {
        ZipEntry e = it.nextElement();
        if (entries.put(e.getName(), zip.getInputStream(e).readAllBytes()) != null) {
          throw corrupt(path, "entry " + e.getName() + " occurs twice");
        }
      }
    } catch (ZipException | java.io.EOFException e) {
      throw corrupt(path, "not a readable zip (" + e.getMessage() + ")");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model file " + path + ": " + e, e);
    }
    JsonNode manifest = parse(path, require(path, entries, MANIFEST));
    if (!FORMAT_NAME.equals(manifest.path("format").asText())) {
      throw corrupt(path, "manifest format must be '" + FORMAT_NAME + "'. Provided: " + manifest.path("format"));
    }
    JsonNode versionNode = manifest.path("formatVersion");
    if (!versionNode.canConvertToInt() || versionNode.asInt() < 1) {
      throw corrupt(path, "manifest formatVersion must be an integer >= 1. Provided: " + versionNode);
    }
    int version = versionNode.asInt();
    if (version > FORMAT_VERSION) {
      throw new IllegalArgumentException("cannot read " + path + ": model file format " + version
          + " is newer than this library supports (" + FORMAT_VERSION + "); upgrade dpcgan");
    }
    verifyChecksums(path, entries);
    try {
      return model(path, version, manifest, require(path, entries, WEIGHTS), entries.get(TRAINING));
    } catch (IllegalArgumentException | NullPointerException | ClassCastException e) {
      throw corrupt(path, "inconsistent content (" + e.getMessage() + ")");
    }
  }

  private static TrainedSynthesizer model(Path path, int version, JsonNode m, byte[] weights,
      byte[] trainingBytes) {
    List<ColumnSpec> columns = MAPPER.convertValue(m.get("schema"), new TypeReference<List<ColumnSpec>>() {});
    Schema schema = Schema.of(columns);
    DataTransformer transformer =
        DataTransformer.fromDescription(MAPPER.convertValue(m.get("transformer"), TransformerDescription.class));
    GanConfig config = MAPPER.convertValue(m.get("config"), GanConfig.class);
    JsonNode p = m.get("provenance");
    Provenance provenance = new Provenance(p.get("algorithm").asText(), p.get("libraryVersion").asText(),
        p.get("seed").asLong(), TrainingSettings.of(config), Conditioning.valueOf(p.get("conditioning").asText()), p.get("rows").asInt(),
        p.get("columns").asInt(), p.get("fitSeconds").asDouble(), Instant.parse(p.get("startedAt").asText()),
        Instant.parse(p.get("finishedAt").asText()));
    List<EpochStats> history = MAPPER.convertValue(m.get("lossHistory"), new TypeReference<List<EpochStats>>() {});
    JsonNode c = m.get("conditionCounts");
    Synthesizer.ConditionCounts counts = c == null || c.isNull() ? null
        : new Synthesizer.ConditionCounts(tables(c, "columns"), tables(c, "pairs"));
    JsonNode r = m.get("releasedCounts");
    Synthesizer.ReleasedCounts released = r == null || r.isNull() ? null
        : new Synthesizer.ReleasedCounts(tables(r, "numeric"), tables(r, "columns"), tables(r, "pairs"));
    int conditionWidth = 0;
    for (ColumnLayout d : transformer.layout().discreteColumns()) {
      conditionWidth += d.levelSpan().width();
    }
    if ((counts == null) != (conditionWidth == 0)) {
      throw new IllegalArgumentException("condition counts are " + (counts == null ? "missing" : "present")
          + " but the layout has condition width " + conditionWidth);
    }
    Generator generator = new Generator(config, transformer.layout(), conditionWidth, DataType.FLOAT,
        RandomStreams.of(0).stream("load")); // every weight is overwritten below
    readWeights(path, WEIGHTS, weights, generator.state());
    GanTrainer.TrainingState training = training(path, version, m.get("training"), trainingBytes, config,
        generator, transformer.layout().width() + conditionWidth);
    return new TrainedSynthesizer(new TrainedSynthesizer.Model(schema, transformer, Optional.ofNullable(counts),
        Optional.ofNullable(released), generator, Optional.ofNullable(training), history, provenance, config,
        Optional.ofNullable(privacy(m.get("privacy"))), List.of()));
  }

  /** The count tables under {@code field} of a manifest object ({@code null} when the field is absent). */
  private static double[][] tables(JsonNode node, String field) {
    return MAPPER.convertValue(node.get(field), double[][].class);
  }

  /** The critic, then each optimiser's moments: the tensors of {@link #TRAINING}, as named live arrays. */
  private static List<Parameter> trainingTensors(GanTrainer.TrainingState t) {
    List<Parameter> out = new ArrayList<>(t.critic().network().parameters());
    out.addAll(t.generatorAdam().moments());
    out.addAll(t.criticAdam().moments());
    return out;
  }

  /** The training state of a manifest's {@code training} object and its entry; null when the file has none. */
  private static GanTrainer.TrainingState training(Path path, int version, JsonNode t, byte[] bytes,
      GanConfig config, Generator generator, int criticRowWidth) {
    if (version < 2 && ((t != null && !t.isNull()) || bytes != null)) {
      throw corrupt(path, "a format " + version + " file has no training state, but this one has a training object"
          + " or entry " + TRAINING);
    }
    if (t == null || t.isNull()) {
      if (bytes != null) {
        throw corrupt(path, "entry " + TRAINING + " is present but the manifest has no training object");
      }
      return null;
    }
    if (bytes == null) {
      throw corrupt(path, "entry " + TRAINING + " is missing");
    }
    Discriminator critic = new Discriminator(config, criticRowWidth, DataType.FLOAT,
        RandomStreams.of(0).stream("load")); // every weight is overwritten below
    // Fresh states' moments() are zero copies with the stored names and shapes: read into them, then restore.
    List<Parameter> generatorMoments = config.generatorOptimizer().newState(generator.parameters()).moments();
    List<Parameter> criticMoments = config.discriminatorOptimizer().newState(critic.network().parameters()).moments();
    List<Parameter> tensors = new ArrayList<>(critic.network().parameters());
    tensors.addAll(generatorMoments);
    tensors.addAll(criticMoments);
    readWeights(path, TRAINING, bytes, tensors);
    return new GanTrainer.TrainingState(generator, critic,
        config.generatorOptimizer().restoreState(generator.parameters(), values(generatorMoments),
            steps(path, t, "generatorAdamSteps")),
        config.discriminatorOptimizer().restoreState(critic.network().parameters(), values(criticMoments),
            steps(path, t, "criticAdamSteps")));
  }

  private static List<INDArray> values(List<Parameter> parameters) {
    return parameters.stream().map(Parameter::value).toList();
  }

  private static long steps(Path path, JsonNode training, String field) {
    JsonNode n = training.path(field);
    if (!n.canConvertToLong() || !n.isIntegralNumber() || n.asLong() < 0) {
      throw corrupt(path, "manifest training." + field + " must be an integer >= 0. Provided: " + n);
    }
    return n.asLong();
  }

  /**
   * The privacy record of a DP model, or null. ε is recomputed from the ledger and must match the stored
   * value: a model file cannot claim a guarantee its ledger does not prove.
   */
  private static PrivacySpent privacy(JsonNode p) {
    if (p == null || p.isNull()) {
      return null;
    }
    PrivacyLedger ledger;
    try {
      ledger = PrivacyLedger.fromJson(MAPPER.writeValueAsString(p.get("ledger")));
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("unreadable privacy ledger: " + e.getMessage(), e);
    }
    double delta = p.get("delta").asDouble();
    double stored = p.get("epsilon").asDouble();
    String accountant = p.get("accountant").asText();
    double proven = ledger.spent(delta, Accountants.forName(accountant)).epsilon();
    // The file may not claim less than its ledger proves; 1e-6 relative allows for the last bits of another
    // platform's exp and log in the accountant. The larger of the two is reported.
    if (!(stored >= proven * (1 - 1e-6))) {
      throw new IllegalArgumentException("the stored epsilon " + stored + " is below its ledger's epsilon " + proven
          + " at delta " + delta + " (" + accountant + " accountant)");
    }
    return new PrivacySpent(Math.max(stored, proven), delta, accountant, p.get("noiseMultiplier").asDouble(),
        p.get("samplingRate").asDouble(), p.get("dpSteps").asLong(), p.get("clipNorm").asDouble(),
        p.get("metadataEpsilonShare").asDouble(), p.get("secureNoise").asBoolean(), ledger);
  }

  private static JsonNode parseLedger(String json) {
    try {
      return MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot embed the privacy ledger: " + e.getMessage(), e);
    }
  }

  private static byte[] manifest(TrainedSynthesizer model) {
    Provenance prov = model.provenance();
    ObjectNode m = MAPPER.createObjectNode();
    m.put("format", FORMAT_NAME);
    m.put("formatVersion", FORMAT_VERSION);
    m.put("libraryVersion", Synthesizer.libraryVersion());
    m.put("algorithm", prov.algorithm());
    m.set("schema", MAPPER.valueToTree(model.schema().columns()));
    m.set("transformer", MAPPER.valueToTree(model.transformer().describe()));
    m.set("config", MAPPER.valueToTree(model.model().config()));
    ObjectNode p = m.putObject("provenance");
    p.put("algorithm", prov.algorithm());
    p.put("libraryVersion", prov.libraryVersion());
    p.put("seed", prov.seed());
    p.put("conditioning", prov.conditioning().name());
    p.put("rows", prov.rows());
    p.put("columns", prov.columns());
    p.put("fitSeconds", prov.fitSeconds());
    p.put("startedAt", prov.startedAt().toString());
    p.put("finishedAt", prov.finishedAt().toString());
    m.set("lossHistory", MAPPER.valueToTree(model.lossHistory()));
    Synthesizer.ConditionCounts counts = model.model().counts().orElse(null);
    if (counts == null) {
      m.putNull("conditionCounts");
    } else {
      ObjectNode c = m.putObject("conditionCounts");
      c.set("columns", MAPPER.valueToTree(counts.columns()));
      c.set("pairs", MAPPER.valueToTree(counts.pairs()));
    }
    Synthesizer.ReleasedCounts released = model.model().released().orElse(null);
    if (released == null) {
      m.putNull("releasedCounts");
    } else {
      ObjectNode r = m.putObject("releasedCounts");
      r.set("numeric", MAPPER.valueToTree(released.numeric()));
      r.set("columns", MAPPER.valueToTree(released.columns()));
      r.set("pairs", MAPPER.valueToTree(released.pairs()));
    }
    PrivacySpent privacy = model.privacySpent().orElse(null);
    if (privacy == null) {
      m.putNull("privacy"); // no DP ledger: this model gives no privacy guarantee
    } else {
      ObjectNode pr = m.putObject("privacy");
      pr.put("epsilon", privacy.epsilon());
      pr.put("delta", privacy.delta());
      pr.put("accountant", privacy.accountant());
      pr.put("noiseMultiplier", privacy.noiseMultiplier());
      pr.put("samplingRate", privacy.samplingRate());
      pr.put("dpSteps", privacy.dpSteps());
      pr.put("clipNorm", privacy.clipNorm());
      pr.put("metadataEpsilonShare", privacy.metadataEpsilonShare());
      pr.put("secureNoise", privacy.secureNoise());
      pr.set("ledger", parseLedger(privacy.ledger().toJson()));
    }
    GanTrainer.TrainingState training = model.trainingState().orElse(null);
    if (training == null) {
      m.putNull("training"); // saved without training state: samples, cannot resume
    } else {
      ObjectNode t = m.putObject("training");
      t.put("entry", TRAINING);
      t.put("generatorAdamSteps", training.generatorAdam().steps());
      t.put("criticAdamSteps", training.criticAdam().steps());
    }
    ObjectNode w = m.putObject("weights");
    w.put("entry", WEIGHTS);
    w.put("dtype", "float32");
    ArrayNode tensors = w.putArray("tensors");
    for (Parameter t : model.generator().state()) {
      ObjectNode tn = tensors.addObject();
      tn.put("name", t.name());
      ArrayNode shape = tn.putArray("shape");
      for (long s : t.value().shape()) {
        shape.add(s);
      }
    }
    try {
      return MAPPER.writeValueAsBytes(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot serialise the model manifest: " + e.getMessage(), e);
    }
  }

  private static byte[] weights(List<Parameter> state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.write(WEIGHTS_MAGIC);
      out.writeInt(state.size());
      for (Parameter t : state) {
        out.writeUTF(t.name());
        long[] shape = t.value().shape();
        out.writeInt(shape.length);
        for (long s : shape) {
          out.writeLong(s);
        }
        float[] values = t.value().castTo(DataType.FLOAT).dup('c').data().asFloat();
        out.writeInt(values.length);
        for (float v : values) {
          out.writeFloat(v);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serialise the model's tensors", e);
    }
    return bytes.toByteArray();
  }

  private static void readWeights(Path path, String entry, byte[] bytes, List<Parameter> state) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      byte[] magic = in.readNBytes(WEIGHTS_MAGIC.length);
      if (!Arrays.equals(magic, WEIGHTS_MAGIC)) {
        throw corrupt(path, entry + " does not start with DPCGANW1");
      }
      int count = in.readInt();
      if (count != state.size()) {
        throw corrupt(path, entry + " holds " + count + " tensors; expected " + state.size());
      }
      for (Parameter t : state) {
        String name = in.readUTF();
        int rank = in.readInt();
        if (rank < 0 || rank > 8) {
          throw corrupt(path, entry + ": tensor " + name + " has rank " + rank);
        }
        long[] shape = new long[rank];
        for (int i = 0; i < rank; i++) {
          shape[i] = in.readLong();
        }
        if (!name.equals(t.name()) || !Arrays.equals(shape, t.value().shape())) {
          throw corrupt(path, entry + ": expected tensor " + t.name() + " " + Arrays.toString(t.value().shape())
              + ", found " + name + " " + Arrays.toString(shape));
        }
        int length = in.readInt();
        if (length != t.value().length()) {
          throw corrupt(path, entry + ": tensor " + name + " has " + length + " values, expected "
              + t.value().length());
        }
        float[] values = new float[length];
        for (int i = 0; i < length; i++) {
          values[i] = in.readFloat();
        }
        t.value().assign(Nd4j.createFromArray(values).reshape('c', shape).castTo(t.value().dataType()));
      }
      if (in.read() != -1) {
        throw corrupt(path, entry + " has trailing bytes");
      }
    } catch (IOException e) {
      throw corrupt(path, entry + " is truncated (" + e + ")");
    }
  }

  private static void verifyChecksums(Path path, Map<String, byte[]> entries) {
    String text = new String(require(path, entries, CHECKSUMS), StandardCharsets.UTF_8);
    Map<String, String> expected = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      int sep = line.indexOf("  ");
      if (sep != 64) {
        throw corrupt(path, CHECKSUMS + " has a malformed line: " + line);
      }
      expected.put(line.substring(sep + 2), line.substring(0, sep));
    }
    for (String name : entries.keySet()) {
      if (!name.equals(CHECKSUMS) && !expected.containsKey(name)) {
        throw corrupt(path, "entry " + name + " has no checksum");
      }
    }
    for (Map.Entry<String, String> e : expected.entrySet()) {
      byte[] content = require(path, entries, e.getKey());
      if (!sha256(content).equals(e.getValue())) {
        throw corrupt(path, "the SHA-256 checksum of entry " + e.getKey() + " does not match");
      }
    }
  }

  private static JsonNode parse(Path path, byte[] manifest) {
    try {
      JsonNode node = MAPPER.readTree(manifest);
      if (node == null || !node.isObject()) {
        throw corrupt(path, MANIFEST + " is not a JSON object");
      }
      return node;
    } catch (IOException e) {
      throw corrupt(path, MANIFEST + " is not valid JSON (" + e.getMessage() + ")");
    }
  }

  private static byte[] require(Path path, Map<String, byte[]> entries, String name) {
    byte[] b = entries.get(name);
    if (b == null) {
      throw corrupt(path, "entry " + name + " is missing");
    }
    return b;
  }

  private static IllegalArgumentException corrupt(Path path, String what) {
    return new IllegalArgumentException("model file " + path + " is corrupt or truncated: " + what);
  }

  private static ZipEntry storedEntry(String name, byte[] content, long time) {
    ZipEntry e = new ZipEntry(name);
    e.setMethod(ZipEntry.STORED);
    e.setSize(content.length);
    e.setCompressedSize(content.length);
    CRC32 crc = new CRC32();
    crc.update(content);
    e.setCrc(crc.getValue());
    e.setTime(time);
    return e;
  }

  static String sha256(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required by every Java platform but is missing", e);
    }
  }

}
