package io.microbs.ecommerce.loadgen.flow;

import io.vertx.core.json.JsonObject;
import java.time.Year;
import java.util.List;
import java.util.Random;
import org.apache.commons.validator.routines.checkdigit.CheckDigitException;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;

/**
 * A made-up customer for the checkout form, like the reference's faker data but with a card that
 * passes the payment service's Luhn check and its postal code filled in.
 */
record Customer(String name, JsonObject address, JsonObject card) {
  private static final List<String> FIRST_NAMES = List.of("Ada", "Grace", "Alan", "Edsger", "Barbara", "Ken",
      "Margaret", "Dennis", "Frances", "Linus", "Radia", "Tim");
  private static final List<String> LAST_NAMES = List.of("Lovelace", "Hopper", "Turing", "Dijkstra", "Liskov",
      "Thompson", "Hamilton", "Ritchie", "Allen", "Torvalds", "Perlman", "Berners-Lee");
  private static final List<String> STREETS = List.of("Main St", "Oak Ave", "Pine St", "Maple Dr", "Cedar Ln",
      "Elm St", "Lake Rd", "Hill St");
  private static final List<String[]> CITIES = List.of(new String[] {"Portland", "OR"}, new String[] {"Austin", "TX"},
      new String[] {"Denver", "CO"}, new String[] {"Madison", "WI"}, new String[] {"Raleigh", "NC"},
      new String[] {"Boise", "ID"}, new String[] {"Tucson", "AZ"}, new String[] {"Albany", "NY"});

  static Customer random(Random random) {
    String name = pick(random, FIRST_NAMES) + " " + pick(random, LAST_NAMES);
    String[] city = pick(random, CITIES);
    String postalCode = digits(random, 5);
    JsonObject address = new JsonObject()
        .put("street_1", (100 + random.nextInt(9_900)) + " " + pick(random, STREETS))
        .put("street_2", "")
        .put("city", city[0])
        .put("state", city[1])
        .put("postal_code", postalCode)
        .put("country", "US");
    int expiryYear = Year.now().getValue() % 100 + 1 + random.nextInt(4);
    JsonObject card = new JsonObject()
        .put("name", name)
        .put("number", visaNumber(random))
        .put("expiration", String.format("%02d/%02d", 1 + random.nextInt(12), expiryYear))
        .put("security_code", digits(random, 3))
        .put("postal_code", postalCode);
    return new Customer(name, address, card);
  }

  /** A 16-digit number starting with 4 whose last digit makes the Luhn checksum a multiple of 10. */
  static String visaNumber(Random random) {
    String body = "4" + digits(random, 14);
    return body + luhnCheckDigit(body);
  }

  /** The digit that, appended to {@code digits}, makes a Luhn-valid number. */
  static int luhnCheckDigit(String digits) {
    try {
      return Integer.parseInt(LuhnCheckDigit.LUHN_CHECK_DIGIT.calculate(digits));
    } catch (CheckDigitException e) {
      throw new IllegalArgumentException("'" + digits + "' is not a number to append a Luhn check digit to", e);
    }
  }

  private static String digits(Random random, int count) {
    StringBuilder digits = new StringBuilder(count);
    for (int i = 0; i < count; i++) {
      digits.append((char) ('0' + random.nextInt(10)));
    }
    return digits.toString();
  }

  private static <T> T pick(Random random, List<T> values) {
    return values.get(random.nextInt(values.size()));
  }
}
