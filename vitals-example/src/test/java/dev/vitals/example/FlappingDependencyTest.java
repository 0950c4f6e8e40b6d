package dev.vitals.example;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vitals.HealthListener;
import dev.vitals.Probe;
import dev.vitals.Status;
import dev.vitals.Vitals;
import dev.vitals.checks.RedisCheck;
import dev.vitals.testing.Services;
import dev.vitals.testing.TcpProxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A real Redis behind a proxy that flaps: up for 400 ms, refused for 200 ms, over and over. With
 * a failure threshold, the verdict holds steady through the flapping, turns once on a real
 * outage, and turns back once, after the success threshold, when Redis returns.
 */
class FlappingDependencyTest {

  @Test
  void thresholdsHoldTheVerdictThroughFlappingAndTurnOnceOnARealOutage() throws Exception {
    Services.require("127.0.0.1", 6379, "Redis");
    List<Status> transitions = new CopyOnWriteArrayList<>();
    CountDownLatch turnedFail = new CountDownLatch(1);
    CountDownLatch turnedBack = new CountDownLatch(1);
    try (TcpProxy proxy = new TcpProxy("127.0.0.1", 6379);
        Vitals vitals = Vitals.builder().shutdownHook(false)
            .check(RedisCheck.of("redis", "redis://127.0.0.1:" + proxy.port())
                .timeout(Duration.ofMillis(80))
                .interval(Duration.ofMillis(100))
                .failureThreshold(6)   // 600 ms of failures in a row; a blip lasts 200 ms
                .successThreshold(3))
            .listener(new HealthListener() {
              @Override
              public void onTransition(Transition transition) {
                transitions.add(transition.to());
                if (transition.to() == Status.FAIL) {
                  turnedFail.countDown();
                } else if (transition.from() == Status.FAIL) {
                  turnedBack.countDown();
                }
              }
            })
            .build()) {
      vitals.markStarted();
      for (int cycle = 0; cycle < 8; cycle++) {
        sleep(400); // up
        proxy.refuse();
        sleep(200); // a blip, shorter than the failure threshold
        proxy.accept();
      }
      assertThat(transitions).as("held steady through 8 blips").containsExactly(Status.PASS);
      assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.PASS);

      proxy.refuse(); // a real outage
      assertThat(turnedFail.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(vitals.status(Probe.READINESS)).isEqualTo(Status.FAIL);
      proxy.accept();
      assertThat(turnedBack.await(5, TimeUnit.SECONDS)).isTrue();
      assertThat(transitions).containsExactly(Status.PASS, Status.FAIL, Status.PASS);
    }
  }

  /** The flapping schedule itself: the dependency's behaviour, not a guess at the engine's. */
  private static void sleep(long millis) throws InterruptedException {
    Thread.sleep(millis);
  }
}
