package dev.docket.policy;

/**
 * An IPv4 or IPv6 CIDR block ({@code 203.0.113.0/24}, {@code 2001:db8::/32}; a bare address is a
 * /32 or /128), and the address parser the {@code IpAddress} operators use. Parses literals only
 * (never a host name, so never a DNS lookup) and refuses anything else with null. An IPv4 address
 * never matches an IPv6 block or the other way round. Immutable and thread-safe.
 */
final class Cidr {

  private final byte[] network;
  private final int prefix;

  private Cidr(byte[] network, int prefix) {
    this.network = network;
    this.prefix = prefix;
  }

  /** The block a policy value names, or null if it is not one. */
  static Cidr parse(String text) {
    int slash = text.indexOf('/');
    byte[] address = address(slash < 0 ? text : text.substring(0, slash));
    if (address == null) {
      return null;
    }
    int bits = address.length * 8;
    int prefix = bits;
    if (slash >= 0) {
      String length = text.substring(slash + 1);
      if (length.isEmpty() || length.length() > 3 || !length.chars().allMatch(Character::isDigit)) {
        return null;
      }
      prefix = Integer.parseInt(length);
      if (prefix > bits) {
        return null;
      }
    }
    return new Cidr(address, prefix);
  }

  boolean contains(String addressText) {
    byte[] address = address(addressText);
    if (address == null || address.length != network.length) {
      return false;
    }
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (address[i] != network[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (address[full] & mask) == (network[full] & mask);
  }

  /** The bytes of an IPv4 or IPv6 literal, or null. */
  static byte[] address(String text) {
    if (text.isEmpty() || text.length() > 45) {
      return null;
    }
    return text.indexOf(':') >= 0 ? ipv6(text) : ipv4(text);
  }

  private static byte[] ipv4(String text) {
    byte[] out = new byte[4];
    int part = 0;
    int value = 0;
    int digits = 0;
    for (int i = 0; i <= text.length(); i++) {
      char c = i < text.length() ? text.charAt(i) : '.';
      if (c == '.') {
        if (digits == 0 || part == 4) {
          return null;
        }
        out[part++] = (byte) value;
        value = 0;
        digits = 0;
      } else if (c >= '0' && c <= '9' && digits < 3) {
        value = value * 10 + (c - '0');
        digits++;
        if (value > 255) {
          return null;
        }
      } else {
        return null;
      }
    }
    return part == 4 ? out : null;
  }

  private static byte[] ipv6(String text) {
    int doubleColon = text.indexOf("::");
    if (doubleColon >= 0 && text.indexOf("::", doubleColon + 1) >= 0) {
      return null;
    }
    String head = doubleColon < 0 ? text : text.substring(0, doubleColon);
    String tail = doubleColon < 0 ? "" : text.substring(doubleColon + 2);
    byte[] headBytes = groups(head, doubleColon < 0);
    byte[] tailBytes = groups(tail, true);
    if (headBytes == null || tailBytes == null) {
      return null;
    }
    int total = headBytes.length + tailBytes.length;
    if (doubleColon < 0 ? total != 16 : total > 14) {
      return null;
    }
    byte[] out = new byte[16];
    System.arraycopy(headBytes, 0, out, 0, headBytes.length);
    System.arraycopy(tailBytes, 0, out, 16 - tailBytes.length, tailBytes.length);
    return out;
  }

  /** Colon-separated hex groups, the last of which may be an IPv4 address if allowed. */
  private static byte[] groups(String text, boolean ipv4Allowed) {
    if (text.isEmpty()) {
      return new byte[0];
    }
    String[] parts = text.split(":", -1);
    if (parts.length > 8) {
      return null;
    }
    byte[] out = new byte[16];
    int n = 0;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (i == parts.length - 1 && ipv4Allowed && part.indexOf('.') >= 0) {
        byte[] v4 = ipv4(part);
        if (v4 == null || n + 4 > 16) {
          return null;
        }
        System.arraycopy(v4, 0, out, n, 4);
        n += 4;
        continue;
      }
      if (part.isEmpty() || part.length() > 4 || n + 2 > 16) {
        return null;
      }
      int value = 0;
      for (int j = 0; j < part.length(); j++) {
        int digit = Character.digit(part.charAt(j), 16);
        if (digit < 0) {
          return null;
        }
        value = value * 16 + digit;
      }
      out[n++] = (byte) (value >> 8);
      out[n++] = (byte) value;
    }
    byte[] trimmed = new byte[n];
    System.arraycopy(out, 0, trimmed, 0, n);
    return trimmed;
  }
}
