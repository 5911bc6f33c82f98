package org.clinicapi.auth.tokens;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.PubSecKeyOptions;
import org.clinicapi.config.AuthConfig;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The current signing key and the public keys still accepted (current + previous, for rotation), with
 * their key ids: JWT_KEY_ID for the current key when set, else each key's RFC 7638 thumbprint. A previous
 * key may name its id on a {@code kid=...} line before its PEM block.
 */
public final class SigningKeys {
  private static final Pattern PUBLIC_BLOCK =
      Pattern.compile("(?:kid=(\\S+)\\s*)?(-----BEGIN PUBLIC KEY-----.+?-----END PUBLIC KEY-----)", Pattern.DOTALL);

  private final String algorithm;
  private final String privatePem;
  private final String currentKid;
  private final List<VerificationKey> verificationKeys;

  record VerificationKey(String kid, String pem, PublicKey key) {
  }

  private SigningKeys(String algorithm, String privatePem, String currentKid, List<VerificationKey> keys) {
    this.algorithm = algorithm;
    this.privatePem = privatePem;
    this.currentKid = currentKid;
    this.verificationKeys = List.copyOf(keys);
  }

  public static SigningKeys from(AuthConfig auth) {
    try {
      List<VerificationKey> keys = new ArrayList<>();
      PublicKey current = KeyPems.parsePublic(auth.publicKeyPem(), auth.algorithm());
      String kid = auth.keyId().isEmpty() ? thumbprint(current) : auth.keyId();
      keys.add(new VerificationKey(kid, auth.publicKeyPem(), current));
      Matcher previous = PUBLIC_BLOCK.matcher(auth.previousPublicKeys());
      while (previous.find()) {
        PublicKey key = KeyPems.parsePublic(previous.group(2), auth.algorithm());
        keys.add(new VerificationKey(previous.group(1) == null ? thumbprint(key) : previous.group(1), previous.group(2), key));
      }
      return new SigningKeys(auth.algorithm(), auth.privateKeyPem(), kid, keys);
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalStateException("JWT keys do not parse as " + auth.algorithm() + " PEM keys", e);
    }
  }

  String algorithm() {
    return algorithm;
  }

  String currentKid() {
    return currentKid;
  }

  PubSecKeyOptions signingKey() {
    return new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(privatePem).setId(currentKid);
  }

  List<PubSecKeyOptions> publicKeys() {
    return verificationKeys.stream()
        .map(k -> new PubSecKeyOptions().setAlgorithm(algorithm).setBuffer(k.pem()).setId(k.kid())).toList();
  }

  /** The JSON Web Key Set served at /.well-known/jwks.json. */
  public JsonObject jwks() {
    JsonArray keys = new JsonArray();
    verificationKeys.forEach(k -> keys.add(jwk(k.key()).put("kid", k.kid()).put("use", "sig").put("alg", algorithm)));
    return new JsonObject().put("keys", keys);
  }

  private static JsonObject jwk(PublicKey key) {
    if (key instanceof RSAPublicKey rsa) {
      return new JsonObject().put("kty", "RSA").put("n", b64(rsa.getModulus())).put("e", b64(rsa.getPublicExponent()));
    }
    ECPublicKey ec = (ECPublicKey) key;
    return new JsonObject().put("kty", "EC").put("crv", "P-256")
        .put("x", b64(ec.getW().getAffineX(), 32)).put("y", b64(ec.getW().getAffineY(), 32));
  }

  /** RFC 7638: SHA-256 over the required members in lexicographic order, no whitespace. */
  static String thumbprint(PublicKey key) throws GeneralSecurityException {
    JsonObject jwk = jwk(key);
    String canonical = jwk.getString("kty").equals("RSA")
        ? "{\"e\":\"" + jwk.getString("e") + "\",\"kty\":\"RSA\",\"n\":\"" + jwk.getString("n") + "\"}"
        : "{\"crv\":\"P-256\",\"kty\":\"EC\",\"x\":\"" + jwk.getString("x") + "\",\"y\":\"" + jwk.getString("y") + "\"}";
    byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
    return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
  }

  private static String b64(BigInteger value) {
    byte[] bytes = value.toByteArray();
    return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes);
  }

  private static String b64(BigInteger value, int length) {
    byte[] bytes = value.toByteArray();
    byte[] fixed = new byte[length];
    int copy = Math.min(bytes.length, length);
    System.arraycopy(bytes, bytes.length - copy, fixed, length - copy, copy);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(fixed);
  }
}
