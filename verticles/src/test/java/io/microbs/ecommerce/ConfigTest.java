package io.microbs.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.microbs.ecommerce.platform.bus.Service;
import io.microbs.ecommerce.platform.config.ConfigException;
import io.microbs.ecommerce.platform.data.PgAddress;
import io.microbs.ecommerce.platform.data.RedisAddress;
import io.microbs.ecommerce.platform.http.HttpLimits;
import io.microbs.ecommerce.platform.variants.Variant;
import io.microbs.ecommerce.webgateway.WebGatewaySettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The launcher's rules for what runs and where its data is, read from environment variables. */
class ConfigTest {

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    for (int i = 0; i + 1 < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void withNothingSetEveryServiceRunsOnTheDefaultPortsWithEmbeddedDataServers() {
    Config config = Config.from(Map.of());

    assertThat(config.allServices()).isTrue();
    assertThat(config.services()).containsExactlyInAnyOrder(Service.values());
    assertThat(config.clustered()).isFalse();
    assertThat(config.ports().webGateway()).isEqualTo(8080);
    assertThat(config.ports().apiGateway()).isEqualTo(8081);
    assertThat(config.ports().management()).isEqualTo(8082);
    assertThat(config.data().productData()).isNull();
    assertThat(config.data().cartData()).isNull();
    assertThat(config.data().sessionData()).isNull();
    assertThat(config.admin().generated()).isTrue();
    assertThat(config.admin().token()).hasSize(48);
  }

  @Test
  void aSubsetNamesItsServices() {
    Config config = Config.from(env("SERVICES", " cart , checkout", "SERVICE_HOST_PRODUCT_DATA", "db",
        "SERVICE_HOST_CART_DATA", "redis"));

    assertThat(config.services()).containsExactlyInAnyOrder(Service.CART, Service.CHECKOUT);
    assertThat(config.allServices()).isFalse();
  }

  @Test
  void anUnknownServiceStopsTheStartAndListsTheValidNames() {
    assertThatThrownBy(() -> Config.from(env("SERVICES", "product,shipping")))
        .isInstanceOf(ConfigException.class)
        .hasMessage("SERVICES names an unknown service 'shipping'; valid names are: all, api-gateway, web-gateway, "
            + "product, cart, checkout, payment, content, loadgen");
  }

  @Test
  void variantNamesTheVariantsOnFromTheStart() {
    assertThat(Config.from(env()).variants()).isEmpty();
    assertThat(Config.from(env("VARIANT", "basic-bug, latency,basic-bug")).variants()).containsExactly(Variant.BASIC_BUG, Variant.LATENCY);
    assertThatThrownBy(() -> Config.from(env("VARIANT", "basic-bug,basic-bugs")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("VARIANT names an unknown variant 'basic-bugs'; valid names are: basic-bug, sql-syntax-error");
  }

  @Test
  void theHttpLimitsAndThePublicFacesLimitsHaveDefaultsAndNameTheirVariables() {
    Config defaults = Config.from(Map.of());

    assertThat(defaults.http()).isEqualTo(new HttpLimits(Duration.ofSeconds(10), Duration.ofSeconds(60), 4_096, false));
    assertThat(defaults.webGateway().clientLimits()).isEqualTo(new WebGatewaySettings.ClientLimits(5_000, 10_000, 500, 1_000, 1_000, 24,
        Duration.ofMillis(50), Duration.ofMillis(100), false));
    for (String variable : new String[] {"HTTP_REQUEST_TIMEOUT_SECONDS", "HTTP_IDLE_TIMEOUT_SECONDS", "HTTP_MAX_CONNECTIONS",
        "WEB_GATEWAY_REQUESTS_PER_SECOND", "WEB_GATEWAY_REQUEST_BURST", "WEB_GATEWAY_SESSIONS_PER_SECOND",
        "WEB_GATEWAY_SESSION_BURST", "WEB_GATEWAY_MAX_IN_FLIGHT", "WEB_GATEWAY_NEW_VISIT_IN_FLIGHT", "WEB_GATEWAY_OVERLOAD_LATENCY_MS",
        "WEB_GATEWAY_OVERLOAD_INTERVAL_MS"}) {
      assertThatThrownBy(() -> Config.from(env(variable, "0"))).as(variable).hasMessageContaining(variable);
    }
    for (String flag : new String[] {"HTTP2_CLEARTEXT", "WEB_GATEWAY_TRUST_FORWARDED_FOR"}) {
      assertThatThrownBy(() -> Config.from(env(flag, "perhaps"))).as(flag).hasMessageContaining(flag);
    }
  }

  @Test
  void malformedValuesNameTheirVariable() {
    assertThatThrownBy(() -> Config.from(env("WEB_GATEWAY_PORT", "eighty"))).hasMessageContaining("WEB_GATEWAY_PORT");
    assertThatThrownBy(() -> Config.from(env("API_GATEWAY_PORT", "70000"))).hasMessageContaining("API_GATEWAY_PORT");
    assertThatThrownBy(() -> Config.from(env("CLUSTERED", "maybe"))).hasMessageContaining("CLUSTERED");
    assertThatThrownBy(() -> Config.from(env("SERVICE_TIMEOUT_MS", "0"))).hasMessageContaining("SERVICE_TIMEOUT_MS");
    assertThatThrownBy(() -> Config.from(env("ORDER_RECONCILE_SECONDS", "0"))).hasMessageContaining("ORDER_RECONCILE_SECONDS");
    assertThatThrownBy(() -> Config.from(env("SERVICE_HOST_CART_DATA", "redis", "SERVICE_DATABASE_CART_DATA", "16"))).hasMessageContaining("SERVICE_DATABASE_CART_DATA");
    assertThatThrownBy(() -> Config.from(env("CART_DATA_SENTINELS", "a:1,b"))).hasMessageContaining("CART_DATA_SENTINELS");
    assertThatThrownBy(() -> Config.from(env("SERVICE_HOST_PRODUCT_DATA", "db", "SERVICE_DATABASE_PRODUCT_DATA", "x; drop")))
        .hasMessageContaining("SERVICE_DATABASE_PRODUCT_DATA");
  }

  @Test
  void embeddedDataServersAreOnlyForTheAllInOneRun() {
    assertThatThrownBy(() -> Config.from(env("SERVICES", "product")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("SERVICE_HOST_PRODUCT_DATA is not set");
    assertThatThrownBy(() -> Config.from(env("SERVICES", "payment")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("SERVICE_HOST_PRODUCT_DATA is not set");
    assertThatThrownBy(() -> Config.from(env("CLUSTERED", "true")))
        .isInstanceOf(ConfigException.class).hasMessageStartingWith("SERVICE_HOST_PRODUCT_DATA is not set");
    assertThatThrownBy(() -> Config.from(env("SERVICES", "cart")))
        .hasMessageStartingWith("SERVICE_HOST_CART_DATA (or CART_DATA_SENTINELS) is not set");
    assertThatThrownBy(() -> Config.from(env("SERVICES", "web-gateway")))
        .hasMessageStartingWith("SERVICE_HOST_SESSION_DATA (or SESSION_DATA_SENTINELS) is not set");
  }

  @Test
  void servicesThatNeedNoDataServiceStartWithoutAddresses() {
    Config config = Config.from(env("SERVICES", "api-gateway,content", "CLUSTERED", "true"));

    assertThat(config.services()).containsExactlyInAnyOrder(Service.API_GATEWAY, Service.CONTENT);
  }

  @Test
  void configuredAddressesAreUsedAsGiven() {
    Config config = Config.from(env(
        "SERVICE_HOST_PRODUCT_DATA", "product-data", "SERVICE_PORT_PRODUCT_DATA", "6543",
        "SERVICE_USERNAME_PRODUCT_DATA", "shop", "SERVICE_PASSWORD_PRODUCT_DATA", "s3cret",
        "CART_DATA_SENTINELS", "s1:26379,s2:26379", "CART_DATA_MASTER_NAME", "carts",
        "SERVICE_HOST_SESSION_DATA", "session-data", "SERVICE_DATABASE_SESSION_DATA", "2"));

    assertThat(config.data().productData()).isEqualTo(new PgAddress("product-data", 6543, "shop", "s3cret", "products"));
    assertThat(config.data().cartData().usesSentinels()).isTrue();
    assertThat(config.data().cartData().sentinels()).containsExactly("s1:26379", "s2:26379");
    assertThat(config.data().cartData().masterName()).isEqualTo("carts");
    assertThat(config.data().sessionData()).isEqualTo(RedisAddress.server("session-data", 6379, 2));
  }

  @Test
  void printingTheConfigurationRevealsNoSecret() {
    Config config = Config.from(env("ADMIN_TOKEN", "t0k3n", "SERVICE_HOST_PRODUCT_DATA", "db",
        "SERVICE_PASSWORD_PRODUCT_DATA", "s3cret"));

    assertThat(config.toString()).doesNotContain("t0k3n").doesNotContain("s3cret");
    assertThat(config.data().productData().toString()).doesNotContain("s3cret");
  }

  @Test
  void theContentBasePathIsAnHttpUrlKeptWithoutItsTrailingSlash() {
    assertThat(Config.from(Map.of()).content().basePath()).isEmpty();
    assertThat(Config.from(env("APPS_ECOMMERCE_CONTENT_BASE_PATH", "https://cdn.example/images/")).content().basePath())
        .isEqualTo("https://cdn.example/images");
    for (String bad : new String[] {"file:///etc", "cdn.example/images", "https://", "http://cdn example/"}) {
      assertThatThrownBy(() -> Config.from(env("APPS_ECOMMERCE_CONTENT_BASE_PATH", bad)))
          .isInstanceOf(ConfigException.class).hasMessageContaining("APPS_ECOMMERCE_CONTENT_BASE_PATH");
    }
  }
}
