package org.dpcgan.privacy.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import org.dpcgan.privacy.accounting.Accountants;
import org.dpcgan.privacy.accounting.DpEvent;
import org.dpcgan.privacy.accounting.EpsilonDelta;
import org.dpcgan.privacy.accounting.PrivacyAccountant;
import org.dpcgan.privacy.accounting.RdpAccountant;

/**
 * The events a training has spent, in order, each with a label saying what read the data (e.g.
 * {@code "metadata: column histograms"}, {@code "discriminator steps"}). Immutable: {@link #record} returns a
 * new ledger. Consecutive identical events under the same label are merged into one self-composed event, so a
 * ledger of a million DP-SGD steps stays one line.
 *
 * <p>JSON form ({@value #FORMAT}): {@code {"format":1,"entries":[{"label":…,"event":{"type":…,…}}]}} with
 * event types {@code gaussian} (noise_multiplier), {@code poisson_sampled} (sampling_probability, event),
 * {@code self_composed} (count, event) and {@code composed} (events). Doubles are written in their shortest
 * exact form, so a round trip is lossless.
 *
 * @param entries the spent events in order (copied)
 */
public record PrivacyLedger(List<Entry> entries) {
  /** The JSON format version this class writes and reads. */
  public static final int FORMAT = 1;

  /**
   * One labelled event.
   *
   * @param label what read the data, non-blank
   * @param event what it cost
   */
  public record Entry(String label, DpEvent event) {
    public Entry {
      if (label == null || label.isBlank()) {
        throw new IllegalArgumentException("ledger entry label must be non-blank. Provided: " + label);
      }
      if (event == null) {
        throw new IllegalArgumentException("ledger entry event must not be null");
      }
    }

    @Override
    public String toString() {
      return label + ": " + event;
    }
  }

  public PrivacyLedger {
    if (entries == null) {
      throw new IllegalArgumentException("entries must not be null");
    }
    entries = List.copyOf(entries);
  }

  /** A ledger with nothing spent. */
  public static PrivacyLedger empty() {
    return new PrivacyLedger(List.of());
  }

  /** This ledger plus {@code event} under {@code label}, merged into the last entry when it repeats it. */
  public PrivacyLedger record(String label, DpEvent event) {
    Entry added = new Entry(label, event);
    List<Entry> out = new ArrayList<>(entries);
    if (!out.isEmpty()) {
      Entry last = out.get(out.size() - 1);
      if (last.label().equals(label) && base(last.event()).equals(base(event))) {
        long count = Math.addExact(count(last.event()), count(event));
        out.set(out.size() - 1, new Entry(label, new DpEvent.SelfComposed(base(event), count)));
        return new PrivacyLedger(out);
      }
    }
    out.add(added);
    return new PrivacyLedger(out);
  }

  private static DpEvent base(DpEvent e) {
    return e instanceof DpEvent.SelfComposed s ? s.event() : e;
  }

  private static long count(DpEvent e) {
    return e instanceof DpEvent.SelfComposed s ? s.count() : 1;
  }

  /** Everything spent, as one composed event. */
  public DpEvent asEvent() {
    return new DpEvent.Composed(entries.stream().map(Entry::event).toList());
  }

  /**
   * The (ε, δ) spent according to the RDP accountant with its default orders: the same as
   * {@code spent(delta, Accountants.rdp())}. Kept as it was so that models report what they always did; for
   * the tighter bound use {@code spent(delta, Accountants.pld())}.
   */
  public EpsilonDelta spent(double delta) {
    return spent(delta, RdpAccountant.withDefaultOrders());
  }

  /**
   * The (ε, δ) spent according to {@code accountant}: every entry composed onto it, so pass one with nothing
   * spent ({@link Accountants#pld()}, {@link Accountants#rdp()} or {@link Accountants#forName}).
   *
   * @throws IllegalArgumentException when the accountant cannot account one of the events
   */
  public EpsilonDelta spent(double delta, PrivacyAccountant accountant) {
    if (accountant == null) {
      throw new IllegalArgumentException("accountant must not be null");
    }
    return accountant.compose(asEvent()).epsilon(delta);
  }

  /** This ledger as one line of JSON. */
  public String toJson() {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root = mapper.createObjectNode();
    root.put("format", FORMAT);
    ArrayNode list = root.putArray("entries");
    for (Entry e : entries) {
      ObjectNode entry = list.addObject();
      entry.put("label", e.label());
      entry.set("event", toNode(mapper, e.event()));
    }
    try {
      return mapper.writeValueAsString(root);
    } catch (JsonProcessingException ex) {
      throw new IllegalStateException("cannot write privacy ledger JSON", ex);
    }
  }

  /** Reads a ledger written by {@link #toJson()}; rejects other formats with a message saying which it reads. */
  public static PrivacyLedger fromJson(String json) {
    if (json == null) {
      throw new IllegalArgumentException("privacy ledger JSON must not be null");
    }
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (JsonProcessingException ex) {
      throw new IllegalArgumentException("privacy ledger is not valid JSON: " + ex.getOriginalMessage(), ex);
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("privacy ledger JSON must be an object");
    }
    JsonNode format = root.get("format");
    if (format == null || !format.isInt() || format.intValue() != FORMAT) {
      throw new IllegalArgumentException("unsupported privacy ledger format " + format + "; this version reads format "
          + FORMAT);
    }
    JsonNode list = root.get("entries");
    if (list == null || !list.isArray()) {
      throw new IllegalArgumentException("privacy ledger JSON needs an \"entries\" array");
    }
    List<Entry> entries = new ArrayList<>();
    for (JsonNode entry : list) {
      entries.add(new Entry(text(entry, "label"), fromNode(field(entry, "event"))));
    }
    return new PrivacyLedger(entries);
  }

  private static ObjectNode toNode(ObjectMapper mapper, DpEvent event) {
    ObjectNode node = mapper.createObjectNode();
    if (event instanceof DpEvent.Gaussian g) {
      node.put("type", "gaussian");
      node.put("noise_multiplier", g.noiseMultiplier());
    } else if (event instanceof DpEvent.PoissonSampled p) {
      node.put("type", "poisson_sampled");
      node.put("sampling_probability", p.samplingProbability());
      node.set("event", toNode(mapper, p.event()));
    } else if (event instanceof DpEvent.SelfComposed s) {
      node.put("type", "self_composed");
      node.put("count", s.count());
      node.set("event", toNode(mapper, s.event()));
    } else if (event instanceof DpEvent.Composed c) {
      node.put("type", "composed");
      ArrayNode events = node.putArray("events");
      for (DpEvent e : c.events()) {
        events.add(toNode(mapper, e));
      }
    } else {
      throw new IllegalArgumentException("unsupported event: " + event);
    }
    return node;
  }

  private static DpEvent fromNode(JsonNode node) {
    String type = text(node, "type");
    switch (type) {
      case "gaussian":
        return new DpEvent.Gaussian(number(node, "noise_multiplier"));
      case "poisson_sampled":
        return new DpEvent.PoissonSampled(number(node, "sampling_probability"), fromNode(field(node, "event")));
      case "self_composed": {
        JsonNode count = field(node, "count");
        if (!count.canConvertToLong() || !count.isIntegralNumber()) {
          throw new IllegalArgumentException("privacy ledger: \"count\" must be an integer. Provided: " + count);
        }
        return new DpEvent.SelfComposed(fromNode(field(node, "event")), count.longValue());
      }
      case "composed": {
        JsonNode events = field(node, "events");
        if (!events.isArray()) {
          throw new IllegalArgumentException("privacy ledger: \"events\" must be an array");
        }
        List<DpEvent> list = new ArrayList<>();
        for (JsonNode e : events) {
          list.add(fromNode(e));
        }
        return new DpEvent.Composed(list);
      }
      default:
        throw new IllegalArgumentException("privacy ledger: unknown event type \"" + type
            + "\"; allowed: gaussian, poisson_sampled, self_composed, composed");
    }
  }

  private static JsonNode field(JsonNode node, String name) {
    JsonNode v = node == null ? null : node.get(name);
    if (v == null || v.isNull()) {
      throw new IllegalArgumentException("privacy ledger: missing field \"" + name + "\" in " + node);
    }
    return v;
  }

  private static String text(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isTextual()) {
      throw new IllegalArgumentException("privacy ledger: \"" + name + "\" must be a string. Provided: " + v);
    }
    return v.textValue();
  }

  private static double number(JsonNode node, String name) {
    JsonNode v = field(node, name);
    if (!v.isNumber()) {
      throw new IllegalArgumentException("privacy ledger: \"" + name + "\" must be a number. Provided: " + v);
    }
    return v.doubleValue();
  }

  @Override
  public String toString() {
    return "PrivacyLedger" + entries;
  }
}
