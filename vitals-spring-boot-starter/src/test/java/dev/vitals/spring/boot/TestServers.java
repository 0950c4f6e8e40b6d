package dev.vitals.spring.boot;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Web servers for the shared tests, in this Boot line's types (the Boot 3.5 starter has the same class over {@code org.springframework.boot.web.embedded.netty}).
 */
final class TestServers {
  private TestServers() {}

  /** Reactor Netty for a reactive application, even with Tomcat on the class path. */
  @TestConfiguration(proxyBeanMethods = false)
  static class Netty {
    @Bean
    NettyReactiveWebServerFactory nettyReactiveWebServerFactory() {
      return new NettyReactiveWebServerFactory();
    }
  }
}
