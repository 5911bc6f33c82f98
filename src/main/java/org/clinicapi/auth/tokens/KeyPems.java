package org.clinicapi.auth.tokens;

import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/** PEM text of keys, both ways. PKCS#8 for private keys, SPKI for public keys. */
final class KeyPems {
  private KeyPems() {
  }

  static KeyPair generate(String algorithm) throws GeneralSecurityException {
    if (algorithm.equals("ES256")) {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
      generator.initialize(new ECGenParameterSpec("secp256r1"));
      return generator.generateKeyPair();
    }
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    return generator.generateKeyPair();
  }

  static String privatePem(KeyPair pair) {
    return pem("PRIVATE KEY", pair.getPrivate().getEncoded());
  }

  static String publicPem(PublicKey key) {
    return pem("PUBLIC KEY", key.getEncoded());
  }

  static PublicKey parsePublic(String pem, String algorithm) throws GeneralSecurityException {
    String base64 = pem.replaceAll("-----(BEGIN|END) PUBLIC KEY-----", "").replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(base64);
    return KeyFactory.getInstance(algorithm.equals("ES256") ? "EC" : "RSA").generatePublic(new X509EncodedKeySpec(der));
  }

  private static String pem(String type, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
    return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
  }
}
