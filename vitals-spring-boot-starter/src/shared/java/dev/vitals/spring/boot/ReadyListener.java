package dev.vitals.spring.boot;

import dev.vitals.Vitals;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.ApplicationListener;

/** Declares the engine started when Spring Boot declares the application ready (rule 8). */
final class ReadyListener implements ApplicationListener<ApplicationReadyEvent> {
  private final Vitals vitals;

  ReadyListener(Vitals vitals) {
    this.vitals = vitals;
  }

  @Override
  public void onApplicationEvent(ApplicationReadyEvent event) {
    vitals.markStarted();
  }
}
