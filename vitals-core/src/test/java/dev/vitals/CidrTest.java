package dev.vitals;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class CidrTest {
  private static InetAddress ip(String literal) throws Exception {
    return InetAddress.getByName(literal);
  }

  @Test
  void matchesIpv4Networks() throws Exception {
    Cidr net = Cidr.parse("10.1.0.0/16");
    assertThat(net.contains(ip("10.1.255.3"))).isTrue();
    assertThat(net.contains(ip("10.2.0.1"))).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("203.0.113.9"))).isTrue();
    assertThat(Cidr.parse("192.168.1.7").contains(ip("192.168.1.7"))).isTrue();
    assertThat(Cidr.parse("192.168.1.7").contains(ip("192.168.1.8"))).isFalse();
    assertThat(Cidr.parse("10.0.0.0/9").contains(ip("10.127.0.1"))).isTrue();
    assertThat(Cidr.parse("10.0.0.0/9").contains(ip("10.128.0.1"))).isFalse();
  }

  @Test
  void matchesIpv6NetworksAndNeverMixesFamilies() throws Exception {
    assertThat(Cidr.parse("fd00::/8").contains(ip("fd12:3456::1"))).isTrue();
    assertThat(Cidr.parse("fd00::/8").contains(ip("fe80::1"))).isFalse();
    assertThat(Cidr.parse("::1").contains(ip("::1"))).isTrue();
    assertThat(Cidr.parse("::/0").contains(ip("127.0.0.1"))).isFalse();
    assertThat(Cidr.parse("0.0.0.0/0").contains(ip("::1"))).isFalse();
    assertThat(Cidr.parse("10.0.0.0/8").contains(null)).isFalse();
  }

  @Test
  void rejectsWhatIsNotANetworkWithoutResolvingNames() {
    assertThatThrownBy(() -> Cidr.parse("localhost"))
        .hasMessage("not an IP network in CIDR notation: 'localhost'");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/33")).hasMessage("CIDR prefix must be 0-32: '10.0.0.0/33'");
    assertThatThrownBy(() -> Cidr.parse("fd00::/129")).hasMessage("CIDR prefix must be 0-128: 'fd00::/129'");
    assertThatThrownBy(() -> Cidr.parse("10.0.0.0/x")).hasMessage("CIDR prefix must be 0-32: '10.0.0.0/x'");
    assertThatThrownBy(() -> Cidr.parse("")).hasMessage("not an IP network in CIDR notation: ''");
    assertThatThrownBy(() -> Cidr.parse("300.1.1.1")).hasMessage("not an IP network in CIDR notation: '300.1.1.1'");
  }
}
