package org.dpcgan.core.internal.transform;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import org.dpcgan.core.data.ColumnKind;

/**
 * The fitted description of one column: everything the transformer needs to encode and decode it, and
 * nothing else. Column models contain no training rows: only mixture parameters, levels, declared bounds
 * and formats, so they can be stored in a model file. They are Jackson-serialisable (a {@code type}
 * property tells the three kinds apart).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
  @JsonSubTypes.Type(value = NumericColumnModel.class, name = "numeric"),
  @JsonSubTypes.Type(value = DiscreteColumnModel.class, name = "discrete"),
  @JsonSubTypes.Type(value = IdColumnModel.class, name = "id")
})
public sealed interface ColumnModel permits NumericColumnModel, DiscreteColumnModel, IdColumnModel {
  /** The column name. */
  String name();

  /** The column kind. */
  ColumnKind kind();
}
