package org.dpcgan.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.PrintWriter;

/** Writes the single JSON object a {@code --json} command prints on stdout. */
final class JsonOutput {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private JsonOutput() {}

  /** Prints {@code value} (a map, record or list) as one line of JSON. */
  static void print(PrintWriter out, Object value) {
    out.println(string(value));
    out.flush();
  }

  /** {@code value} as one line of JSON. */
  static String string(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write JSON output: " + e.getOriginalMessage(), e);
    }
  }
}
