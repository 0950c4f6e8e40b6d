package dev.vitals.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.Result;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  @Test
  void outsideAnExecutionTheDefaultBudgetApplies() {
    assertThat(Deadline.current().budget()).isEqualTo(Deadline.DEFAULT_BUDGET);
  }

  @Test
  void callMakesTheDeadlineCurrentForTheCheckOnlyAndRestoresTheOuterOne() throws Exception {
    Deadline outer = Deadline.after(Duration.ofSeconds(30));
    Deadline inner = Deadline.after(Duration.ofMillis(250));
    AtomicReference<Deadline> seenInside = new AtomicReference<>();
    AtomicReference<Deadline> seenAfterInner = new AtomicReference<>();
    Result result = outer.call(() -> {
      inner.call(() -> {
        seenInside.set(Deadline.current());
        return Result.pass();
      });
      seenAfterInner.set(Deadline.current());
      return Result.warn("done");
    });
    assertThat(result.output()).isEqualTo("done");
    assertThat(seenInside.get()).isSameAs(inner);
    assertThat(seenAfterInner.get()).isSameAs(outer);
    assertThat(Deadline.current()).isNotSameAs(outer);
  }

  @Test
  void aThrowingCheckStillRestoresTheOuterDeadline() {
    Deadline deadline = Deadline.after(Duration.ofSeconds(5));
    assertThatThrownBy(() -> deadline.call(() -> {
      throw new IllegalStateException("boom");
    })).hasMessage("boom");
    assertThat(Deadline.current().budget()).isEqualTo(Deadline.DEFAULT_BUDGET);
  }

  @Test
  void aPassedDeadlineLeavesOneMillisecondOfTimeButNoBlockingCall() {
    Deadline passed = Deadline.after(Duration.ofNanos(1));
    while (!passed.expired()) {
      Thread.onSpinWait();
    }
    assertThat(passed.timeLeft()).isEqualTo(Duration.ofMillis(1));
    assertThatThrownBy(() -> passed.remainingMillis("read"))
        .isInstanceOf(SocketTimeoutException.class)
        .hasMessage("read timed out after 0 ms");
  }

  @Test
  void aFreshDeadlineGivesItsBudgetToABlockingCall() throws Exception {
    Deadline deadline = Deadline.after(Duration.ofSeconds(60));
    assertThat(deadline.remainingMillis("connect")).isBetween(1, 60_000);
    assertThat(deadline.expired()).isFalse();
  }

  @Test
  void aBudgetMustBePositive() {
    assertThatThrownBy(() -> Deadline.after(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("budget must be positive: PT0S");
    assertThatThrownBy(() -> Deadline.after(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("budget");
  }
}
