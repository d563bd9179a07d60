package io.microbs.ecommerce.loadgen.flow;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.loadgen.TestStorefront;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CustomerTest {
  @Test
  void theCheckDigitIsTheLuhnOne() {
    assertThat(Customer.luhnCheckDigit("7992739871")).isEqualTo(3);  // the textbook 79927398713
    assertThat(Customer.luhnCheckDigit("401288888888188")).isEqualTo(1);  // a well-known Visa test number
  }

  @Test
  void everyCardPassesTheLuhnCheckAndTheFormIsComplete() {
    Random random = new Random(7);
    for (int i = 0; i < 1_000; i++) {
      Customer customer = Customer.random(random);
      assertThat(customer.card().getString("number")).hasSize(16).startsWith("4").matches(TestStorefront::luhnValid);
      assertThat(customer.card().getString("postal_code")).matches("\\d{5}").isEqualTo(customer.address().getString("postal_code"));
      assertThat(customer.card().getString("expiration")).matches("(0[1-9]|1[0-2])/\\d{2}");
      assertThat(customer.address().getString("country")).isEqualTo("US");
    }
  }
}
