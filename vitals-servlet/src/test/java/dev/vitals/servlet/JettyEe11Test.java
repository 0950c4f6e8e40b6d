package dev.vitals.servlet;

/** The contract on embedded Jetty 12.1, ee11 (the {@code jetty-ee11} execution). */
class JettyEe11Test extends ContainerContract {
  @Override
  Container newContainer() {
    return new JettyEe11Container();
  }
}
