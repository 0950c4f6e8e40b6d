package dev.vitals.lint;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The readings of answers behind the live rules: health+json shape, disclosure, Vitals' series. */
class LiveShapesTest {

  @Test
  void draftShapeProblemsAreNamedWithTheirPlace() {
    HealthShape.Problems problems = HealthShape.problems(Json.object("{\"status\":\"pass\",\"output\":\"x\","
        + "\"checks\":{\"a\":{},\"b\":[1],\"c\":[{\"observedUnit\":\"ms\",\"status\":\"pass\",\"output\":\"y\"}],"
        + "\"d\":[{\"status\":\"UP\"}]}}"));

    assertThat(problems.errors()).containsExactly("output present although status is pass",
        "checks.a is not an array", "checks.b[0] is not an object",
        "checks.c[0] has observedUnit without observedValue", "checks.c[0] has output although its status is pass");
    assertThat(problems.aliases()).containsExactly("checks.d[0].status is \"UP\" for pass");
  }

  @Test
  void statusIsRequiredAndSpelledByTheDraft() {
    assertThat(HealthShape.problems(Map.of()).errors()).containsExactly("status missing");
    assertThat(HealthShape.problems(Json.object("{\"status\":1}")).errors())
        .containsExactly("status is 1, not pass, warn or fail");
    assertThat(HealthShape.status(Json.object("{\"status\":\"DOWN\"}"))).isEqualTo("fail");
    assertThat(HealthShape.status(Json.object("{\"status\":\"warn\"}"))).isEqualTo("warn");
    assertThat(HealthShape.problems(Json.object("{\"status\":\"fail\",\"output\":\"db down\"}")).errors()).isEmpty();
  }

  @Test
  void externalDependenciesAreFoundByTypeOrName() {
    Map<String, Object> vitals = Json.object("{\"status\":\"pass\",\"checks\":{"
        + "\"deadlock:responseTime\":[{\"componentType\":\"system\"}],\"store:responseTime\":[{\"componentType\":\"datastore\"}],"
        + "\"dbPool:utilization\":[{}],\"diskSpace\":[{}]}}");
    Map<String, Object> spring = Json.object("{\"status\":\"UP\",\"components\":{\"redis\":{},\"livenessState\":{},\"ping\":{}}}");

    assertThat(HealthShape.dependencies(vitals)).containsExactly("store:responseTime", "dbPool:utilization");
    assertThat(HealthShape.dependencies(spring)).containsExactly("redis");
  }

  @Test
  void statusOnlyAnswersDiscloseNothing() {
    for (String body : List.of("{\"status\":\"pass\"}", "{\"status\":\"UP\",\"groups\":[\"liveness\",\"readiness\"]}",
        "details need a bearer token or an allowed source network", "{\"status\":\"pass\",\"time\":\"2026-12-01T22:13:30.990Z\"}")) {
      assertThat(Disclosure.of(body, Json.object(body), "127.0.0.1")).as(body).isEmpty();
    }
  }

  @Test
  void detailsHostsAddressesAndErrorsAreDisclosures() {
    String body = "{\"status\":\"fail\",\"version\":\"1.2\",\"checks\":{},\"hostname\":\"pod-7\"}";
    assertThat(Disclosure.of(body, Json.object(body), "127.0.0.1"))
        .containsExactlyInAnyOrder("version", "checks", "hostname \"pod-7\"");
    assertThat(Disclosure.of("connect to jdbc:postgresql://db.internal:5432/x failed", null, "127.0.0.1"))
        .containsExactly("host db.internal");
    assertThat(Disclosure.of("upstream 10.1.2.3 down", null, "127.0.0.1")).containsExactly("address 10.1.2.3");
    assertThat(Disclosure.of("upstream fd00::17 down", null, "127.0.0.1")).containsExactly("address fd00::17");
    assertThat(Disclosure.of("java.net.ConnectException: refused\n\tat Foo.bar(Foo.java:1)", null, "127.0.0.1"))
        .containsExactly("error text \"ConnectException\"");
    assertThat(Disclosure.of("asked 127.0.0.1 at 22:13:30 via Foo::bar", null, "127.0.0.1")).isEmpty();
  }

  @Test
  void aBurstBreaksVl111BySlowAnswersOrByProbesLeftWithoutOne() {
    Duration second = Duration.ofSeconds(1);
    List<Duration> fast = java.util.Collections.nCopies(20, Duration.ofMillis(20));
    assertThat(new LoadTest.Result(fast, 0, Map.of(200, 20)).problem(second)).isNull();
    List<Duration> slow = new java.util.ArrayList<>(fast.subList(0, 19));
    slow.add(Duration.ofMillis(1_200));
    assertThat(new LoadTest.Result(slow, 0, Map.of(200, 20)).problem(second))
        .isEqualTo("p99 above the probe timeout of 1 s");
    // A connection that failed at once is fast and still a failed probe.
    assertThat(new LoadTest.Result(fast, 1, Map.of(200, 19)).problem(second)).isEqualTo("probes without an answer");
  }

  @Test
  void springActuatorsDetailsNameTheirComponentsAndVersions() {
    // What Spring Boot's Actuator answers anyone with show-details=always (the bench's peer).
    String body = "{\"status\":\"UP\",\"components\":{\"db\":{\"status\":\"UP\",\"details\":{\"database\":"
        + "\"PostgreSQL\",\"validationQuery\":\"isValid()\"}},\"readinessState\":{\"status\":\"UP\"},"
        + "\"redis\":{\"status\":\"UP\",\"details\":{\"version\":\"7.0.15\"}}}}";
    assertThat(Disclosure.of(body, Json.object(body), "127.0.0.1"))
        .containsExactly("components (db, readinessState, redis)", "version \"7.0.15\"");
  }

  @Test
  void vitalsSeriesAreReadFromEitherTextFormat() {
    CheckSeries series = CheckSeries.parse("""
        # TYPE vitals_check_duration_seconds histogram
        vitals_check_duration_seconds_bucket{check="db",probes="readiness",critical="true",le="0.001"} 1
        vitals_check_duration_seconds_count{check="db",probes="readiness",critical="true"} 4
        vitals_check_duration_seconds_count{probes="liveness",check="a\\"b",critical="true"} 7 1700000000
        vitals_check_timeout_seconds{check="db",probes="readiness",critical="true"} 1.5
        vitals_check_timeout_seconds{check="a\\"b",probes="liveness",critical="true"} +Inf
        # EOF
        """);

    assertThat(series.executions()).isEqualTo(Map.of("db", 4.0, "a\"b", 7.0));
    assertThat(series.deadlines()).isEqualTo(Map.of("db", 1.5));
  }
}
