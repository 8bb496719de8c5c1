package org.dpcgan.core.internal.nn;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class Nd4jSmokeTest {
  @Test
  void gemm_runs_on_cpu_backend() {
    var a = Nd4j.ones(DataType.DOUBLE, 2, 3);
    var b = Nd4j.ones(DataType.DOUBLE, 3, 4);
    assertThat(a.mmul(b).getDouble(0, 0)).isEqualTo(3.0);
  }
}
