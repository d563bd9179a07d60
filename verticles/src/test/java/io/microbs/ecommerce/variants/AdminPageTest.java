package io.microbs.ecommerce.variants;

import static org.assertj.core.api.Assertions.assertThat;

import io.microbs.ecommerce.Chromium;
import io.microbs.ecommerce.RunningShop;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The control page {@code /admin} of the management port in a real browser ({@link Chromium}): the token typed once, a variant switched on with a parameter and off again, the
 * timeline, and the loadgen steered. A screenshot lands in {@code target/admin/}.
 */
@EnabledIf(value = "io.microbs.ecommerce.Chromium#installedOrCi",
    disabledReason = "needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver")
class AdminPageTest {
  private static final String TOKEN = "test-admin-token";

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("all").env("NUM_VIRTUAL_USERS", "1").env("LOADGEN_THINK_TIME", "0.2");
  private static ChromeDriver browser;
  private static WebDriverWait wait;

  @BeforeAll
  static void startTheBrowser() {
    browser = Chromium.start();
    browser.manage().window().setSize(new Dimension(1280, 1600));
    wait = new WebDriverWait(browser, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stopTheBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @Test
  void anOperatorSwitchesAVariantOnWithAParameterAndOffAgainAndSteersTheLoad() throws IOException {
    browser.get("http://127.0.0.1:" + shop.config().ports().management() + "/admin");
    WebElement token = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("token")));
    token.sendKeys(TOKEN);
    browser.findElement(By.xpath("//button[normalize-space()='Use this token']")).click();

    WebElement latency = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("[data-variant='latency']")));
    assertThat(latency.findElement(By.cssSelector(".symptom")).getText()).contains("fixed_ms");
    WebElement fixed = latency.findElement(By.id("latency-fixed_ms"));
    fixed.clear();
    fixed.sendKeys("25");
    latency.findElement(By.cssSelector("[role=switch]")).click();
    wait.until(ExpectedConditions.textToBePresentInElement(latency.findElement(By.cssSelector(".state")), "on since"));
    JsonObject on = variant("latency");
    assertThat(on.getBoolean("on")).isTrue();
    assertThat(on.getJsonObject("params").getInteger("fixed_ms")).isEqualTo(25);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "latency on"));

    WebElement users = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("users")));
    users.clear();
    users.sendKeys("3");
    browser.findElement(By.xpath("//button[normalize-space()='Set users']")).click();
    wait.until(driver -> loadgen().getInteger("users", 0) == 3);
    browser.findElement(By.id("spike")).click();
    wait.until(driver -> loadgen().getBoolean("traffic_spike"));
    wait.until(ExpectedConditions.textToBe(By.id("spike"), "End the spike"));
    browser.findElement(By.id("spike")).click();
    wait.until(driver -> !loadgen().getBoolean("traffic_spike") && loadgen().getInteger("users") == 3);
    Path screenshots = Files.createDirectories(Path.of("target", "admin"));
    Files.write(screenshots.resolve("control.png"), browser.getScreenshotAs(OutputType.BYTES));

    latency.findElement(By.cssSelector("[role=switch]")).click();
    wait.until(ExpectedConditions.textToBe(By.cssSelector("[data-variant='latency'] .state"), "off"));
    assertThat(variant("latency").getBoolean("on")).isFalse();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("timeline"), "latency off"));
  }

  private static JsonObject variant(String name) {
    return admin("/variants").getJsonArray("variants").stream().map(JsonObject.class::cast)
        .filter(variant -> variant.getString("name").equals(name)).findFirst().orElseThrow();
  }

  private static JsonObject loadgen() {
    return admin("/loadgen");
  }

  private static JsonObject admin(String path) {
    return shop.client().get(shop.config().ports().management(), "127.0.0.1", path)
        .putHeader("Authorization", "Bearer " + TOKEN).send().await().bodyAsJsonObject();
  }
}
