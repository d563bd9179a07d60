package io.microbs.ecommerce.checkout;

import static io.microbs.ecommerce.checkout.OrderStatus.COMPLETED;
import static io.microbs.ecommerce.checkout.OrderStatus.FAILED;
import static io.microbs.ecommerce.checkout.OrderStatus.PAID;
import static io.microbs.ecommerce.checkout.OrderStatus.PENDING;
import static io.microbs.ecommerce.checkout.OrderStatus.VOIDED;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The order's state machine: the moves an order may make, and the names the store and the API give its statuses. */
class OrderStatusTest {
  @Test
  void aPendingOrderIsPaidOrEndsFailedOrVoided() {
    assertThat(PENDING.next()).containsExactlyInAnyOrder(PAID, FAILED, VOIDED);
  }

  @Test
  void aPaidOrderCompletesOrEndsFailedOrVoidedWhenItsChargeDoesNotStand() {
    assertThat(PAID.next()).containsExactlyInAnyOrder(COMPLETED, FAILED, VOIDED);
  }

  @Test
  void aCompletedOrderMovesOnlyWhenPaymentDoesNotHoldItsCharge() {
    assertThat(COMPLETED.next()).containsExactlyInAnyOrder(FAILED, VOIDED);
    assertThat(COMPLETED.mayMoveTo(PAID)).isFalse();
    assertThat(COMPLETED.mayMoveTo(PENDING)).isFalse();
  }

  @Test
  void failedAndVoidedOrdersNeverMoveAgain() {
    for (OrderStatus end : new OrderStatus[] {FAILED, VOIDED}) {
      assertThat(end.next()).as(end.wire()).isEmpty();
    }
  }

  @Test
  void noOrderGoesBackToPendingOrStaysWhereItIs() {
    for (OrderStatus status : OrderStatus.values()) {
      assertThat(status.mayMoveTo(PENDING)).as(status.wire()).isFalse();
      assertThat(status.mayMoveTo(status)).as(status.wire()).isFalse();
    }
  }

  @Test
  void statusesAreWrittenInLowerCaseAndReadBack() {
    for (OrderStatus status : OrderStatus.values()) {
      assertThat(OrderStatus.of(status.wire())).isEqualTo(status);
    }
    assertThat(PENDING.wire()).isEqualTo("pending");
    assertThatThrownBy(() -> OrderStatus.of("shipped")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void onlyPendingAndPaidOrdersAreOnTheirWay() {
    assertThat(OrderStatus.UNSETTLED).containsExactlyInAnyOrder(PENDING, PAID);
  }
}
