package org.dpcgan.bench;

import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.memory.enums.SpillPolicy;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The reused ND4J workspace a timed step runs in, configured as the trainer's step arena
 * ({@code org.dpcgan.core.gan.Arena}): the trainer runs every critic and generator step inside one, so the
 * step benchmarks do too, and time the step rather than a fresh native allocation per temporary.
 */
final class StepWorkspace {
  private static final WorkspaceConfiguration CONFIG = WorkspaceConfiguration.builder()
      .initialSize(0)
      .overallocationLimit(0.1)
      .policyAllocation(AllocationPolicy.OVERALLOCATE)
      .policyLearning(LearningPolicy.FIRST_LOOP)
      .policySpill(SpillPolicy.REALLOCATE)
      .build();

  private StepWorkspace() {}

  /** Opens (activates) the calling thread's step workspace; close it to end the step. */
  static MemoryWorkspace open() {
    return Nd4j.getWorkspaceManager().getAndActivateWorkspace(CONFIG, "dpcgan-bench-step");
  }
}
