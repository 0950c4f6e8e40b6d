package dev.vitals.checks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vitals.HealthCheck;
import dev.vitals.Result;
import dev.vitals.Status;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DiskSpaceCheckTest {
  private static final long GIB = 1L << 30;
  private static final Path DATA = Path.of("/data");

  private final AtomicReference<DiskSpaceCheck.Usage> usage = new AtomicReference<>();

  private DiskSpaceCheck fake() {
    return DiskSpaceCheck.create(DATA, path -> usage.get());
  }

  /** A 100 GiB disk with {@code free} GiB available and nothing reserved. */
  private void disk(long free) {
    usage.set(new DiskSpaceCheck.Usage(100 * GIB, free * GIB, free * GIB));
  }

  @Test
  void percentThresholdsWarnThenFail() throws Exception {
    HealthCheck check = fake().healthCheck("disk").build();

    disk(50);
    Result half = check.check().check();
    disk(15);
    Result warn = check.check().check();
    disk(5);
    Result fail = check.check().check();

    assertThat(half.status()).isEqualTo(Status.PASS);
    assertThat(half.observedValue()).isEqualTo(50.0);
    assertThat(half.observedUnit()).isEqualTo("percent");
    assertThat(warn.output()).isEqualTo("disk /data: 85% used, 15.0 GiB free of 100.0 GiB (warn at 80% used)");
    assertThat(fail.output()).isEqualTo("disk /data: 95% used, 5.0 GiB free of 100.0 GiB (fail at 95% used)");
    assertThat(check.measurement()).isEqualTo("utilization");
    assertThat(check.componentType()).isEqualTo("system");
    assertThat(check.componentId()).isEqualTo("/data");
  }

  @Test
  void freeSpaceThresholdsWarnThenFail() throws Exception {
    HealthCheck check = fake().warnWhenFreeBelow(10 * GIB).failWhenFreeBelow(2 * GIB).healthCheck("disk").build();

    disk(11);
    Result pass = check.check().check();
    disk(9);
    Result warn = check.check().check();
    disk(1);
    Result fail = check.check().check();

    assertThat(pass.status()).isEqualTo(Status.PASS);
    assertThat(warn.output()).endsWith("(warn at under 10.0 GiB free)");
    assertThat(fail.output()).isEqualTo("disk /data: 99% used, 1.0 GiB free of 100.0 GiB (fail at under 2.0 GiB free)");
  }

  @Test
  void spaceReservedForRootCountsAsUsedLikeDf() throws Exception {
    // 100 GiB, 10 GiB unallocated of which 5 GiB reserved: used 90, available 5 -> 90/95.
    usage.set(new DiskSpaceCheck.Usage(100 * GIB, 5 * GIB, 10 * GIB));

    assertThat(fake().check().observedValue()).isEqualTo(94.7);
  }

  @Test
  void realFileSystemIsRead(@TempDir Path dir) throws Exception {
    Result result = DiskSpaceCheck.create(dir).warnWhenUsedAbove(100).failWhenUsedAbove(100)
        .healthCheck("disk").build().check().check();
    Result missing = DiskSpaceCheck.of("disk", dir.resolve("missing")).build().check().check();

    assertThat(result.status()).isEqualTo(Status.PASS);
    assertThat((Double) result.observedValue()).isBetween(0.0, 100.0);
    assertThat(missing.status()).isEqualTo(Status.FAIL);
    assertThat(missing.output()).startsWith("disk " + dir.resolve("missing") + ": NoSuchFileException");
  }

  @Test
  void rejectsBadThresholds() {
    assertThatThrownBy(() -> fake().warnWhenUsedAbove(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warn must be a percentage above 0 and at most 100: 0.0");
    assertThatThrownBy(() -> fake().failWhenFreeBelow(-1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("fail must be a positive number of bytes: -1");
    assertThatThrownBy(() -> fake().warnWhenUsedAbove(96).healthCheck("disk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warn (96% used) must not be above fail (95% used)");
    assertThatThrownBy(() -> fake().warnWhenFreeBelow(GIB).failWhenFreeBelow(2 * GIB).healthCheck("disk"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("warn (under 1.0 GiB free) must not be below fail (under 2.0 GiB free)");
  }
}
