package org.clinicapi.communications;

import java.math.BigDecimal;
import java.text.NumberFormat;
import java.util.Currency;
import java.util.Locale;

/**
 * Minor units as people read them: the currency's own exponent (ISO 4217 through java.util.Currency: USD 2, JPY 0,
 * BHD 3), never a blind division by 100; digits grouped, the code after ("1,234.50 USD", "1,500 JPY").
 */
final class MoneyFormat {
  private MoneyFormat() {
  }

  static String format(long minor, String currency) {
    String code = currency.toUpperCase(Locale.ROOT);
    int digits = exponent(code);
    NumberFormat number = NumberFormat.getNumberInstance(Locale.ENGLISH);
    number.setMinimumFractionDigits(digits);
    number.setMaximumFractionDigits(digits);
    return number.format(BigDecimal.valueOf(minor, digits)) + " " + code;
  }

  /** An unknown code, or one without minor units (XAU, XXX: -1), is shown as whole units rather than guessed at. */
  static int exponent(String code) {
    try {
      return Math.max(0, Currency.getInstance(code).getDefaultFractionDigits());
    } catch (IllegalArgumentException e) {
      return 0;
    }
  }
}
