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
   * The address written as an IPv4 or IPv6 literal ({@code 127.0.0.1}, {@code 0:0:0:0:0:0:0:1},
   * {@code [::1]}, {@code fe80::1%eth0}: brackets and a zone are dropped), or null when {@code
   * text} is not one. Never resolves a name, whatever the text: it runs on event loops and reads
   * header values. IPv4 is parsed here, as exactly four decimal octets (the JDK would look up
   * {@code 1.2.3.4.} or {@code 256.1.1.1} as host names); IPv6 by the JDK, which takes a text that
   * starts with a hex digit or ':' and holds a ':' as a literal or rejects it, never resolving it.
   */
  static InetAddress literal(String address) {
    if (address == null) {
      return null;
    }
    String text = address.strip();
    if (text.length() > 2 && text.charAt(0) == '[' && text.charAt(text.length() - 1) == ']') {
      text = text.substring(1, text.length() - 1);
    }
    int zone = text.indexOf('%');
    if (zone >= 0) {
      text = text.substring(0, zone); // networks carry no zone; the address alone is compared
    }
    if (text.isEmpty()) {
      return null;
    }
    try {
      if (text.indexOf(':') < 0) {
        byte[] v4 = ipv4(text);
        return v4 == null ? null : InetAddress.getByAddress(v4);
      }
      if (Character.digit(text.charAt(0), 16) < 0 && text.charAt(0) != ':') {
        return null;
      }
      for (int i = 0; i < text.length(); i++) {
        char c = text.charAt(i);
        if (Character.digit(c, 16) < 0 && c != ':' && c != '.') {
          return null;
        }
      }
      return InetAddress.getByName(text);
    } catch (UnknownHostException e) {
      return null;
    }
  }

  /** Four dot-separated decimal octets of one to three digits, or null. */
  private static byte[] ipv4(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String part = parts[i];
      if (part.isEmpty() || part.length() > 3) {
        return null;
      }
      int value = 0;
      for (int j = 0; j < part.length(); j++) {
        int digit = Character.digit(part.charAt(j), 10);
        if (digit < 0) {
          return null;
        }
        value = value * 10 + digit;
      }
      if (value > 255) {
        return null;
      }
      bytes[i] = (byte) value;
    }
    return bytes;
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
