package org.dpcgan.core.data;

/**
 * An inferred schema and a printable explanation, one line per column, so the user can check it and
 * correct it (for instance by writing a sidecar file).
 *
 * @param schema the inferred schema
 * @param explanation one line per column: name, kind, reason
 */
public record SchemaInference(Schema schema, String explanation) {
  @Override
  public String toString() {
    return "SchemaInference[" + schema + "]";
  }
}
