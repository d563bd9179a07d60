package io.microbs.ecommerce.webgateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** New visits wait out a stall's burst of requests in flight, but not an overload's standing crowd. */
class CrowdingTest {
  private static final int LIMIT = 24;
  private final AtomicLong clock = new AtomicLong(1_000_000_000L);
  private final Crowding crowding = new Crowding(LIMIT, Duration.ofMillis(10), clock::get);

  private void later(long millis) {
    clock.addAndGet(Duration.ofMillis(millis).toNanos());
  }

  @Test
  void withinTheLimitNothingIsCrowded() {
    assertThat(crowding.crowded(LIMIT)).isFalse();
    later(1_000);
    assertThat(crowding.crowded(LIMIT)).isFalse();
  }

  @Test
  void aBurstOverTheLimitThatDrainsWithinThePatienceIsNotCrowded() {
    assertThat(crowding.crowded(LIMIT + 30)).as("the burst a stall lets go").isFalse();
    later(9);
    assertThat(crowding.crowded(LIMIT + 5)).as("still draining").isFalse();
    later(1);
    assertThat(crowding.crowded(LIMIT)).as("drained").isFalse();
    later(5);
    assertThat(crowding.crowded(LIMIT + 1)).as("a new burst starts the clock again").isFalse();
    later(9);
    assertThat(crowding.crowded(LIMIT + 1)).isFalse();
  }

  @Test
  void aCountThatStaysOverTheLimitBeyondThePatienceIsCrowdedUntilItDrops() {
    assertThat(crowding.crowded(LIMIT + 1)).isFalse();
    later(11);
    assertThat(crowding.crowded(LIMIT + 3)).as("an overload").isTrue();
    later(100);
    assertThat(crowding.crowded(LIMIT + 1)).isTrue();
    assertThat(crowding.crowded(LIMIT - 1)).as("back under the limit").isFalse();
    assertThat(crowding.crowded(LIMIT + 1)).as("over it again: a new burst").isFalse();
  }
}
