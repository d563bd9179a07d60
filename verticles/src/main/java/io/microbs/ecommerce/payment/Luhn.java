package io.microbs.ecommerce.payment;

/** The Luhn checksum of a card number, over its digits only (spaces and dashes are ignored), as the reference does. */
final class Luhn {
  private Luhn() {
  }

  static boolean isValid(String digits) {
    int sum = 0;
    boolean doubled = false;
    for (int i = digits.length() - 1; i >= 0; i--) {
      int digit = digits.charAt(i) - '0';
      if (doubled) {
        digit *= 2;
        if (digit > 9) {
          digit -= 9;
        }
      }
      sum += digit;
      doubled = !doubled;
    }
    return sum % 10 == 0;
  }

  static String digitsOf(String cardNumber) {
    StringBuilder digits = new StringBuilder(cardNumber.length());
    for (int i = 0; i < cardNumber.length(); i++) {
      char c = cardNumber.charAt(i);
      if (c >= '0' && c <= '9') {
        digits.append(c);
      }
    }
    return digits.toString();
  }
}
