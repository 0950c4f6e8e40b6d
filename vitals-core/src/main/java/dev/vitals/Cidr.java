package dev.vitals;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Objects;

/**
 * An IPv4 or IPv6 network in CIDR notation ({@code 10.0.0.0/8}, {@code fd00::/8}, or a single
 * address such as {@code 127.0.0.1}), used to allow detailed health answers to a source network.
 * Parsing never resolves a host name.
 */
final class Cidr {
  private final byte[] network;
  private final int prefix;
  private final String text;

  private Cidr(byte[] network, int prefix, String text) {
    this.network = network;
    this.prefix = prefix;
    this.text = text;
  }

  /** Parses {@code address[/prefix]}; a missing prefix means the single address. */
  static Cidr parse(String cidr) {
    Objects.requireNonNull(cidr, "cidr");
    String s = cidr.strip();
    int slash = s.indexOf('/');
    String host = slash < 0 ? s : s.substring(0, slash);
    InetAddress literal = literal(host);
    if (literal == null) {
      throw new IllegalArgumentException("not an IP network in CIDR notation: '" + cidr + "'");
    }
    byte[] address = literal.getAddress();
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      try {
        prefix = Integer.parseInt(s.substring(slash + 1));
      } catch (NumberFormatException e) {
        prefix = -1;
      }
      if (prefix < 0 || prefix > bits) {
        throw new IllegalArgumentException(
            "CIDR prefix must be 0-" + bits + ": '" + cidr + "'");
      }
    }
    for (int i = 0; i < address.length; i++) {
      address[i] &= mask(prefix, i);
    }
    return new Cidr(address, prefix, s);
  }

  /**
   * The address written as an IPv4 or IPv6 literal, or null when {@code text} is not one. Never
   * resolves a name.
   */
  static InetAddress literal(String text) {
    if (text == null || text.isEmpty() || !text.matches("[0-9A-Fa-f:.]+")
        || (!text.contains(":") && !text.matches("[0-9.]+"))) {
      return null;
    }
    try {
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** True when {@code address} lies in this network. IPv4 and IPv6 networks never mix. */
  boolean contains(InetAddress address) {
    if (address == null) {
      return false;
    }
    byte[] bytes = address.getAddress();
    if (bytes.length != network.length) {
      return false;
    }
    for (int i = 0; i < bytes.length; i++) {
      if ((bytes[i] & mask(prefix, i)) != network[i]) {
        return false;
      }
    }
    return true;
  }

  private static byte mask(int prefix, int index) {
    int bits = Math.max(0, Math.min(8, prefix - index * 8));
    return (byte) (0xff00 >> bits);
  }

  @Override
  public String toString() {
    return text;
  }
}
