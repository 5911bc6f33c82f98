package org.clinicapi.webhooks;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.InetAddress;
import java.net.UnknownHostException;

import static org.assertj.core.api.Assertions.assertThat;

@DisplayName("SSRF address policy: only public addresses are webhook targets")
class AddressPolicyTest {

  @ParameterizedTest(name = "{0} → {1}")
  @CsvSource({
      "127.0.0.1, loopback", "127.8.9.10, loopback", "::1, loopback", "0.0.0.0, reserved", "::, reserved",
      "10.1.2.3, private", "172.16.0.1, private", "172.31.255.255, private", "192.168.1.1, private", "100.64.0.1, private",
      "169.254.169.254, metadata", "169.254.1.1, link-local", "fe80::1, link-local",
      "fd00:ec2::254, metadata", "fd12:3456::1, unique-local", "fc00::1, unique-local",
      "::ffff:10.0.0.1, private", "64:ff9b::a00:1, private", "2002:7f00:1::1, loopback", "224.0.0.1, reserved",
      "255.255.255.255, reserved"})
  @DisplayName("refused: loopback, private, link-local, unique-local, metadata, reserved and IPv6 forms embedding them")
  void refused(String address, String reason) throws UnknownHostException {
    assertThat(AddressPolicy.refusal(InetAddress.getByName(address))).isEqualTo(reason);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource({"8.8.8.8", "1.1.1.1", "172.32.0.1", "100.128.0.1", "2001:4860:4860::8888", "2606:4700::1111"})
  @DisplayName("public addresses are allowed")
  void allowed(String address) throws UnknownHostException {
    assertThat(AddressPolicy.refusal(InetAddress.getByName(address))).isNull();
  }
}
