package dev.vitals.servlet;

/** The contract on embedded Jetty 12.1, ee10 (the {@code jetty-ee10} execution). */
class JettyEe10Test extends ContainerContract {
  @Override
  Container newContainer() {
    return new JettyEe10Container();
  }
}
