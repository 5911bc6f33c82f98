package org.clinicapi.auth.sessions;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerResponse;

/**
 * Cookie mode for browsers: the access and refresh tokens in HttpOnly cookies, plus a readable CSRF token
 * cookie that the page echoes in the {@code X-CSRF-Token} header (double submit).
 */
public final class AuthCookies {
  public static final String ACCESS = "clinic_access";
  public static final String REFRESH = "clinic_refresh";
  public static final String CSRF = "clinic_csrf";
  public static final String CSRF_HEADER = "X-CSRF-Token";
  private static final String REFRESH_PATH = "/api/v1/auth";

  private AuthCookies() {
  }

  public static void set(HttpServerResponse response, boolean secure, String access, int accessTtl, String refresh,
      int refreshTtl, String csrf) {
    response.addCookie(cookie(ACCESS, access, "/", accessTtl, secure, true));
    response.addCookie(cookie(REFRESH, refresh, REFRESH_PATH, refreshTtl, secure, true));
    response.addCookie(cookie(CSRF, csrf, "/", refreshTtl, secure, false));
  }

  public static void clear(HttpServerResponse response, boolean secure) {
    response.addCookie(cookie(ACCESS, "", "/", 0, secure, true));
    response.addCookie(cookie(REFRESH, "", REFRESH_PATH, 0, secure, true));
    response.addCookie(cookie(CSRF, "", "/", 0, secure, false));
  }

  private static Cookie cookie(String name, String value, String path, int maxAge, boolean secure, boolean httpOnly) {
    return Cookie.cookie(name, value).setPath(path).setMaxAge(maxAge).setSecure(secure).setHttpOnly(httpOnly)
        .setSameSite(CookieSameSite.LAX);
  }
}
