package org.clinicapi.webhooks;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Arrays;

/**
 * Which addresses a webhook may not reach (SSRF): loopback, unspecified, private (RFC 1918), shared (CGNAT),
 * link-local (which holds the cloud metadata service 169.254.169.254), unique-local IPv6 (which holds
 * fd00:ec2::254), multicast and reserved ranges, and IPv6 forms that embed such an IPv4 address.
 */
public final class AddressPolicy {
  /** fd00:ec2::254, the IPv6 address of the EC2 instance metadata service. */
  private static final byte[] EC2_METADATA = {(byte) 0xfd, 0, 0x0e, (byte) 0xc2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x02, 0x54};
  private AddressPolicy() {
  }

  /** Why {@code address} is refused ("loopback", "private", ...), or null when it is a public address. */
  public static String refusal(InetAddress address) {
    if (address instanceof Inet6Address v6) {
      return refusal6(v6);
    }
    return refusal4(address.getAddress());
  }

  private static String refusal4(byte[] a) {
    int b0 = a[0] & 0xff;
    int b1 = a[1] & 0xff;
    if (b0 == 169 && b1 == 254) {
      return (a[2] & 0xff) == 169 && (a[3] & 0xff) == 254 ? "metadata" : "link-local";
    }
    if (b0 == 127) {
      return "loopback";
    }
    if (b0 == 10 || (b0 == 172 && (b1 & 0xf0) == 16) || (b0 == 192 && b1 == 168)) {
      return "private";
    }
    if (b0 == 100 && (b1 & 0xc0) == 64) {
      return "private";
    }
    if (b0 == 0 || b0 >= 224 || (b0 == 192 && b1 == 0 && (a[2] & 0xff) == 0) || (b0 == 198 && (b1 & 0xfe) == 18)) {
      return "reserved";
    }
    return null;
  }

  private static String refusal6(Inet6Address address) {
    byte[] a = address.getAddress();
    if (address.isLoopbackAddress()) {
      return "loopback";
    }
    if (address.isAnyLocalAddress()) {
      return "reserved";
    }
    if (address.isLinkLocalAddress()) {
      return "link-local";
    }
    if ((a[0] & 0xfe) == 0xfc) {
      return isEc2Metadata(a) ? "metadata" : "unique-local";
    }
    if (address.isSiteLocalAddress()) {
      return "private";
    }
    if (address.isMulticastAddress()) {
      return "reserved";
    }
    byte[] embedded = embeddedIpv4(a);
    return embedded == null ? null : refusal4(embedded);
  }

  private static boolean isEc2Metadata(byte[] a) {
    return Arrays.equals(a, EC2_METADATA);
  }

  /**
   * The IPv4 address inside IPv4-compatible (::a.b.c.d), IPv4-mapped (::ffff:a.b.c.d), NAT64 (64:ff9b::/96) and
   * 6to4 (2002::/16) addresses, which reach that IPv4 host; null for other addresses.
   */
  private static byte[] embeddedIpv4(byte[] a) {
    if ((a[0] & 0xff) == 0x20 && (a[1] & 0xff) == 0x02) {
      return new byte[] {a[2], a[3], a[4], a[5]};
    }
    boolean zeroPrefix = true;
    for (int i = 0; i < 10; i++) {
      zeroPrefix &= a[i] == 0;
    }
    boolean compatible = zeroPrefix && ((a[10] == 0 && a[11] == 0) || ((a[10] & 0xff) == 0xff && (a[11] & 0xff) == 0xff));
    boolean nat64 = (a[0] & 0xff) == 0 && (a[1] & 0xff) == 0x64 && (a[2] & 0xff) == 0xff && (a[3] & 0xff) == 0x9b;
    for (int i = 4; nat64 && i < 12; i++) {
      nat64 = a[i] == 0;
    }
    return compatible || nat64 ? new byte[] {a[12], a[13], a[14], a[15]} : null;
  }
}
