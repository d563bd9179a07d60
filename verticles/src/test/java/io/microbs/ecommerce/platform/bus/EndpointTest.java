package io.microbs.ecommerce.platform.bus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.http.HttpMethod;
import org.junit.jupiter.api.Test;

/** An endpoint, said once: the template its router answers, and the path a caller fills in. */
class EndpointTest {
  @Test
  void aCallerFillsTheNamedSegmentsInOrderEachEncodedAsOneSegment() {
    Endpoint status = Endpoint.get("/charges/:transactionId");

    assertThat(status.method()).isEqualTo(HttpMethod.GET);
    assertThat(status.path("4c1d")).isEqualTo("/charges/4c1d");
    assertThat(status.path("a/b c")).isEqualTo("/charges/a%2Fb%20c");
    assertThat(Endpoint.post("/:a/x/:b").path("1", "2")).isEqualTo("/1/x/2");
    assertThat(Endpoint.delete("/").path()).isEqualTo("/");
  }

  @Test
  void theWrongNumberOfValuesIsABug() {
    assertThatThrownBy(() -> Endpoint.get("/charges/:transactionId").path()).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> Endpoint.post("/process").path("x")).isInstanceOf(IllegalArgumentException.class);
  }
}
