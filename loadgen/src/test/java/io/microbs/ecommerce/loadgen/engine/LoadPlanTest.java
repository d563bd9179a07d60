package io.microbs.ecommerce.loadgen.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LoadPlanTest {
  private static final long SECOND = 1_000_000_000L;

  @Test
  void stagesRampLinearlyFromZeroAndEndAfterTheLastOne() {
    LoadPlan plan = LoadPlan.parseStages("10s:50,30s:50,10s:0");

    assertThat(plan.model()).isEqualTo(LoadPlan.Model.CLOSED);
    assertThat(plan.target(0)).isZero();
    assertThat(plan.target(5 * SECOND)).isEqualTo(25);
    assertThat(plan.target(20 * SECOND)).isEqualTo(50);
    assertThat(plan.target(45 * SECOND)).isEqualTo(25);
    assertThat(plan.length()).isEqualTo(Duration.ofSeconds(50));
    assertThat(plan.finished(49 * SECOND)).isFalse();
    assertThat(plan.finished(50 * SECOND)).isTrue();
    assertThat(plan.peak()).isEqualTo(50);
    assertThat(plan.describe()).isEqualTo("ramp 0 → 50 → 50 → 0 users over 50s");
  }

  @Test
  void targetsEndingInPerSecondAreRatesOfTheOpenModel() {
    LoadPlan plan = LoadPlan.parseStages("10s:20/s,1m:20/s");

    assertThat(plan.model()).isEqualTo(LoadPlan.Model.OPEN);
    assertThat(plan.target(5 * SECOND)).isEqualTo(10);
    assertThat(plan.length()).isEqualTo(Duration.ofSeconds(70));
  }

  @Test
  void aConstantPlanHoldsItsTargetAndMayRunUntilStopped() {
    LoadPlan timed = LoadPlan.constant(LoadPlan.Model.CLOSED, 20, Duration.ofSeconds(30));
    LoadPlan endless = LoadPlan.constant(LoadPlan.Model.OPEN, 5, null);

    assertThat(timed.target(0)).isEqualTo(20);
    assertThat(timed.describe()).isEqualTo("20 users for 30s");
    assertThat(endless.finished(Long.MAX_VALUE)).isFalse();
    assertThat(endless.describe()).isEqualTo("5 iterations/s until stopped");
  }

  @Test
  void badStagesAreRefusedWithTheReason() {
    assertThatThrownBy(() -> LoadPlan.parseStages("10s:5,10s:5/s")).hasMessageContaining("mix users and rates");
    assertThatThrownBy(() -> LoadPlan.parseStages("10s")).hasMessageContaining("DURATION:TARGET");
    assertThatThrownBy(() -> LoadPlan.parseStages("10s:2.5")).hasMessageContaining("whole number of users");
    assertThatThrownBy(() -> LoadPlan.parseStages("soon:5")).hasMessageContaining("not a duration");
  }

  @Test
  void durationsReadAsTyped() {
    assertThat(Durations.parse("30s")).isEqualTo(Duration.ofSeconds(30));
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(Durations.parse("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(Durations.parse("1.5")).isEqualTo(Duration.ofMillis(1_500));
    assertThat(Durations.format(Duration.ofSeconds(90))).isEqualTo("1m30s");
    assertThat(Durations.format(Duration.ofMillis(250))).isEqualTo("250ms");
  }
}
