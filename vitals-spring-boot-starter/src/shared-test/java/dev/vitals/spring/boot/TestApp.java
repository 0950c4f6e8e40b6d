package dev.vitals.spring.boot;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A small application: auto-configuration and one endpoint of its own. */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import(TestApp.Hello.class)
public class TestApp {
  /** The application's own endpoint, to show that its traffic is untouched. */
  @RestController
  public static class Hello {
    @GetMapping("/hello")
    public String hello() {
      return "hello";
    }
  }
}
