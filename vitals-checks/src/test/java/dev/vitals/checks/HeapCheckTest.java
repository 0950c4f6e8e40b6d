package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.HealthCheck;
import dev.vitals.Probe;
import dev.vitals.Result;
import dev.vitals.Status;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class HeapCheckTest {
  private static final long MIB = 1L << 20;

  @Test
  void isALivenessCheckOfUtilisation() throws Exception {
    HealthCheck check = HeapCheck.of().build();

    assertThat(check.name()).isEqualTo("heap");
    assertThat(check.probes()).containsExactly(Probe.LIVENESS);
    assertThat(check.key()).isEqualTo("heap:utilization");
    assertThat(check.componentType()).isEqualTo("system");
  }

  @Test
  void thresholdsApplyToHeapAfterGc() throws Exception {
    AtomicLong used = new AtomicLong();
    HealthCheck check =
        HeapCheck.create(() -> new HeapCheck.Usage(used.get(), 1024 * MIB)).healthCheck("heap").build();

    used.set(512 * MIB);
    Result pass = check.check().check();
    used.set(900 * MIB);
    Result warn = check.check().check();
    used.set(1000 * MIB);
    Result fail = check.check().check();

    assertThat(pass.status()).isEqualTo(Status.PASS);
    assertThat(pass.observedValue()).isEqualTo(50.0);
    assertThat(warn.output()).isEqualTo("heap after last GC: 87.9% of 1.0 GiB (warn at 85%)");
    assertThat(fail.output()).isEqualTo("heap after last GC: 97.7% of 1.0 GiB (fail at 95%)");
  }

  @Test
  void readsThisJvmsPools() throws Exception {
    System.gc();
    HeapCheck.Usage usage = HeapCheck.readPools();
    Result result = HeapCheck.create().check();

    assertThat(usage.max()).isPositive();
    assertThat(usage.usedAfterGc()).isBetween(0L, usage.max());
    assertThat((Double) result.observedValue()).isBetween(0.0, 100.0);
  }

  @Test
  void rejectsBadThresholds() {
    assertThatThrownBy(() -> HeapCheck.create().failAbove(101))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fail must be a percentage above 0 and at most 100: 101.0");
    assertThatThrownBy(() -> HeapCheck.create().warnAbove(96).healthCheck("heap"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warn (96%) must not be above fail (95%)");
  }
}
