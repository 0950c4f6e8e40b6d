package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import dev.vitals.testing.FakeClock;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class VitalsBuilderTest {
  private static final Check OK = Result::pass;

  @Test
  void rejectsDuplicateCheckNames() {
    Vitals.Builder builder = Vitals.builder().check("postgres", OK);

    assertThatIllegalArgumentException()
        .isThrownBy(() -> builder.check(HealthCheck.builder("postgres", OK).liveness()))
        .withMessage("duplicate check name: postgres");
  }

  @Test
  void namesTheCheckWhoseTimeoutIsNotShorterThanItsInterval() {
    assertThatIllegalArgumentException()
        .isThrownBy(
            () ->
                Vitals.builder()
                    .check(HealthCheck.builder("db", OK).interval(Duration.ofSeconds(1))))
        .withMessage("db: timeout (1000 ms) must be shorter than interval (1000 ms)");
  }

  static Stream<Arguments> blankServiceFields() {
    return Stream.of(
        Arguments.of("version", (Function<String, Vitals.Builder>) v -> Vitals.builder().version(v)),
        Arguments.of("releaseId", (Function<String, Vitals.Builder>) v -> Vitals.builder().releaseId(v)),
        Arguments.of("serviceId", (Function<String, Vitals.Builder>) v -> Vitals.builder().serviceId(v)),
        Arguments.of(
            "description", (Function<String, Vitals.Builder>) v -> Vitals.builder().description(v)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("blankServiceFields")
  void rejectsBlankServiceFields(String field, Function<String, Vitals.Builder> setter) {
    for (String blank : new String[] {null, "", "  "}) {
      assertThatIllegalArgumentException()
          .isThrownBy(() -> setter.apply(blank))
          .withMessage(field + " must not be blank");
    }
  }

  @Test
  void rejectsNegativeDrainDelay() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Vitals.builder().drainDelay(Duration.ofSeconds(-1)))
        .withMessage("drainDelay must not be negative: PT-1S");
  }

  @Test
  void rejectsNonPositiveShutdownTimeout() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Vitals.builder().shutdownTimeout(Duration.ZERO))
        .withMessage("shutdownTimeout must be positive: PT0S");
  }

  @Test
  void rejectsCheckThreadsBelowOne() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Vitals.builder().checkThreads(0))
        .withMessage("checkThreads must be at least 1: 0");
  }

  @Test
  void rejectsCheckThreadsTogetherWithAnExecutor() {
    Vitals.Builder builder = Vitals.builder().checkThreads(2).executor(Runnable::run);

    assertThatIllegalStateException()
        .isThrownBy(builder::build)
        .withMessage("checkThreads cannot be set together with executor");
  }

  @Test
  void rejectsBlankShutdownTaskName() {
    assertThatIllegalArgumentException()
        .isThrownBy(() -> Vitals.builder().shutdownTask(" ", () -> {}))
        .withMessage("shutdown task name must not be blank");
    assertThatNullPointerException()
        .isThrownBy(() -> Vitals.builder().shutdownTask("http", null))
        .withMessage("shutdown task http");
  }

  @Test
  void rejectsNullCollaborators() {
    assertThatNullPointerException().isThrownBy(() -> Vitals.builder().listener(null))
        .withMessage("listener");
    assertThatNullPointerException().isThrownBy(() -> Vitals.builder().ticker(null))
        .withMessage("ticker");
    assertThatNullPointerException().isThrownBy(() -> Vitals.builder().scheduler(null))
        .withMessage("scheduler");
    assertThatNullPointerException().isThrownBy(() -> Vitals.builder().executor(null))
        .withMessage("executor");
    assertThatNullPointerException().isThrownBy(() -> Vitals.builder().check((HealthCheck) null))
        .withMessage("check");
  }

  @Test
  void keepsChecksInRegistrationOrderAndTheServiceIdentity() {
    FakeClock clock = new FakeClock();
    try (Vitals vitals =
        Vitals.builder()
            .ticker(clock)
            .scheduler(clock)
            .shutdownHook(false)
            .executor(Runnable::run)
            .version("1.4.2")
            .releaseId("abc123")
            .serviceId("notes")
            .description("the notes service")
            .check("postgres", OK)
            .check(HealthCheck.builder("heap", OK).liveness())
            .check("redis", OK)
            .build()) {
      assertThat(vitals.checks()).extracting(HealthCheck::name)
          .containsExactly("postgres", "heap", "redis");
      assertThat(vitals.service())
          .isEqualTo(new ServiceInfo("1.4.2", "abc123", "notes", "the notes service"));
    }
  }
}
