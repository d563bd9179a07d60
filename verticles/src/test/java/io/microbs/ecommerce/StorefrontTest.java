package io.microbs.ecommerce;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.apache.commons.validator.routines.checkdigit.LuhnCheckDigit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The storefront in a real browser (Debian's headless Chromium, driven through its chromedriver) on
 * a whole shop: a purchase from the home page to the confirmation, then every other page, on a
 * desktop and a phone-sized screen. Each page is saved as a screenshot under {@code target/storefront/}.
 */
@EnabledIf(value = "io.microbs.ecommerce.Chromium#installedOrCi",
    disabledReason = "needs Debian's chromium and chromium-driver: apt-get install -y chromium chromium-driver")
class StorefrontTest {
  private static final Path SCREENSHOTS = Path.of("target", "storefront");
  private static final String SWEET_TEA = "f95e2475";
  private static final Dimension DESKTOP = new Dimension(1280, 1400);
  private static final Dimension PHONE = new Dimension(390, 844);

  @RegisterExtension
  static final RunningShop shop = RunningShop.with("all");

  private static ChromeDriver browser;
  private static WebDriverWait wait;

  @BeforeAll
  static void startTheBrowser() throws IOException {
    Files.createDirectories(SCREENSHOTS);
    browser = Chromium.start();
    wait = new WebDriverWait(browser, Duration.ofSeconds(10));
  }

  @AfterAll
  static void stopTheBrowser() {
    if (browser != null) {
      browser.quit();
    }
  }

  @BeforeEach
  void newVisitorOnADesktop() {
    browser.manage().window().setSize(DESKTOP);
    open("/healthz");
    browser.manage().deleteAllCookies();
  }

  @Test
  void aVisitorBuysSweetTeaFromTheHomePage() {
    open("/");
    pageTitleIs("Special Offers");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("article.card"), 6));
    screenshot("1-home");

    WebElement sweetTea = browser.findElement(By.cssSelector("article[data-product-id='" + SWEET_TEA + "']"));
    assertThat(sweetTea.findElement(By.cssSelector(".card-title")).getText()).isEqualTo("Sweet Tea");
    assertThat(sweetTea.findElement(By.cssSelector(".price")).getText()).isEqualTo("$3.50");
    assertThat(sweetTea.findElement(By.tagName("img")).getDomAttribute("alt")).isEqualTo("Sweet Tea");
    sweetTea.findElement(By.xpath(".//button[contains(., 'Add to cart')]")).click();
    WebElement added = wait.until(ExpectedConditions.visibilityOfElementLocated(
        By.cssSelector("article[data-product-id='" + SWEET_TEA + "'] button.added")));
    wait.until(ExpectedConditions.textToBe(By.cssSelector(".cart-count"), "1"));
    assertThat(added.getText()).as("under the pointer").isEqualTo("✗ Remove");
    new Actions(browser).moveToElement(browser.findElement(By.id("page-title"))).perform();
    assertThat(added.getText()).as("once the pointer has moved away").isEqualTo("✓ Added");
    assertThat(added.getDomAttribute("aria-label")).isEqualTo("Added: remove Sweet Tea from the cart");
    screenshot("2-home-added");

    browser.findElement(By.cssSelector("a.cart-button")).click();
    pageTitleIs("Your Cart");
    WebElement line = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector("li.cart-item")));
    assertThat(line.getDomAttribute("data-product-id")).isEqualTo(SWEET_TEA);
    assertThat(line.findElement(By.cssSelector(".quantity-value")).getText()).isEqualTo("1");
    assertThat(browser.findElement(By.cssSelector(".subtotal")).getText()).isEqualTo("Subtotal $3.50");
    screenshot("3-cart");

    browser.findElement(By.linkText("Proceed to Checkout")).click();
    pageTitleIs("Checkout");
    WebElement cardNumber = browser.findElement(By.cssSelector("input[placeholder='Card Number']"));
    String testCard = cardNumber.getDomProperty("value");
    assertThat(testCard).matches("\\d{16}").satisfies(number -> assertThat(passesLuhn(number)).isTrue());
    for (WebElement input : browser.findElements(By.cssSelector("#checkout-form input"))) {
      String field = input.getDomAttribute("placeholder");
      if (!field.equals("Street (2)")) { // left empty four times out of five, as in the reference
        assertThat(input.getDomProperty("value")).as(field + " is pre-filled").isNotEmpty();
      }
      assertThat(browser.findElements(By.cssSelector("label[for='" + input.getDomAttribute("id") + "']")))
          .as(field + " has a label").hasSize(1);
    }
    screenshot("4-checkout");

    replaceText(cardNumber, "4242 4242 4242 4241");
    browser.findElement(By.xpath("//button[normalize-space()='Submit Payment']")).click();
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".inline-error[role='alert']"),
        "The payment did not go through: Invalid card number (400)."));
    screenshot("5-checkout-declined");

    replaceText(cardNumber, testCard);
    browser.findElement(By.xpath("//button[normalize-space()='Submit Payment']")).click();
    pageTitleIs("Hooray!");
    assertThat(browser.findElement(By.cssSelector(".subtitle")).getText()).isEqualTo("Your order has been placed.");
    String orderId = browser.findElement(By.id("order-id")).getText();
    assertThat(browser.getCurrentUrl()).endsWith("/confirmation?order_id=" + orderId);
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("main"), "1 item, $3.50 in total."));
    wait.until(ExpectedConditions.textToBe(By.cssSelector(".cart-count"), "0"));
    screenshot("6-confirmation");

    JsonObject order = shop.client()
        .get(shop.config().ports().apiGateway(), "127.0.0.1", "/api/v1/checkout/orders/" + orderId)
        .send().await().bodyAsJsonObject();
    assertThat(order.getString("status")).isEqualTo("completed");
    assertThat(order.getDouble("total")).isEqualTo(3.5);
    assertThat(order.getJsonArray("lines")).isEqualTo(new JsonArray()
        .add(new JsonObject().put("product_id", SWEET_TEA).put("quantity", 1).put("price", 3.5)));
  }

  @Test
  void theOtherPagesWithTheKeyboardOnADesktopAndOnAPhone() {
    open("/cart");
    pageTitleIs("Your Cart");
    wait.until(ExpectedConditions.textToBe(By.cssSelector(".subtitle"), "Your cart is empty"));
    screenshot("cart-empty");

    open("/products/" + SWEET_TEA);
    pageTitleIs("Sweet Tea");
    assertThat(browser.findElement(By.cssSelector(".price")).getText()).isEqualTo("$3.50");
    assertThat(browser.findElement(By.cssSelector(".rating")).getText()).isEqualTo("Rated 5.0 out of 5 (2 reviews)");
    screenshot("product");
    new Actions(browser).sendKeys(Keys.TAB).perform();
    assertThat(browser.switchTo().activeElement().getText()).as("the first Tab").isEqualTo("Skip to content");
    browser.findElement(By.xpath("//button[contains(., 'Add to cart')]")).sendKeys(Keys.ENTER);
    wait.until(ExpectedConditions.textToBe(By.cssSelector(".cart-count"), "1"));

    WebElement search = browser.findElement(By.cssSelector("input[type='search']"));
    search.sendKeys("coffee", Keys.ENTER);
    pageTitleIs("Search");
    wait.until(ExpectedConditions.textMatches(By.cssSelector(".subtitle"), Pattern.compile("\\d+ products match “coffee”")));
    assertThat(browser.findElements(By.cssSelector("article.card .card-title"))).isNotEmpty()
        .allSatisfy(title -> assertThat(title.getText()).isNotBlank());
    screenshot("search");

    open("/test");
    pageTitleIs("Test");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("pre"), "\"healthy\": true"));
    screenshot("test");

    for (String missing : List.of("/nowhere", "/products/zzzzzzzz", "/cart/extra")) {
      open(missing);
      pageTitleIs("Not Found");
      assertThat(browser.findElement(By.cssSelector(".subtitle")).getText()).isEqualTo("We couldn't find that page.");
    }
    screenshot("not-found");

    browser.manage().window().setSize(PHONE);
    open("/");
    pageTitleIs("Special Offers");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("article.card"), 6));
    Long pageWidth = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
    assertThat(pageWidth).as("nothing wider than the phone's screen").isLessThanOrEqualTo(
        (Long) ((JavascriptExecutor) browser).executeScript("return window.innerWidth"));
    screenshot("phone-home");
    open("/checkout");
    pageTitleIs("Checkout");
    screenshot("phone-checkout");
  }

  @Test
  void aCallThatFailsIsShownToTheVisitor() {
    open("/search?q=" + "x".repeat(201));
    pageTitleIs("Search");
    wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector(".notice"),
        "The search failed: query must be at most 200 characters (400)."));
    assertThat(browser.findElement(By.cssSelector(".subtitle")).getText()).startsWith("No results for");
    screenshot("failed-call");

    browser.findElement(By.xpath("//button[normalize-space()='Dismiss']")).click();
    assertThat(browser.findElements(By.cssSelector(".notice"))).isEmpty();
  }

  @Test
  void theStorefrontWorksUnderAContentSecurityPolicyThatStopsInlineScript() {
    open("/");
    pageTitleIs("Special Offers");
    wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("article.card"), 6));
    open("/products/" + SWEET_TEA);
    pageTitleIs("Sweet Tea");

    assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).as("the console")
        .noneSatisfy(entry -> assertThat(entry.getMessage()).contains("Content Security Policy"));
    ((JavascriptExecutor) browser).executeScript("const script = document.createElement('script');"
        + "script.textContent = 'window.injected = true'; document.head.appendChild(script);");
    assertThat(((JavascriptExecutor) browser).executeScript("return window.injected === true")).as("an injected inline script ran")
        .isEqualTo(false);
    assertThat(browser.manage().logs().get(LogType.BROWSER).getAll()).as("the console")
        .anySatisfy(entry -> assertThat(entry.getMessage()).contains("Content Security Policy"));
  }

  private static void open(String path) {
    browser.get("http://127.0.0.1:" + shop.config().ports().webGateway() + path);
  }

  private static void pageTitleIs(String title) {
    wait.until(ExpectedConditions.textToBe(By.id("page-title"), title));
  }

  /** Selects what an input holds and types over it, as a person does (React sees every keystroke). */
  private static void replaceText(WebElement input, String text) {
    input.sendKeys(Keys.chord(Keys.CONTROL, "a"), Keys.DELETE);
    input.sendKeys(text);
  }

  /** Saves the page once its images have loaded. */
  private static void screenshot(String name) {
    wait.until(driver -> (Boolean) ((JavascriptExecutor) driver).executeScript(
        "return Array.from(document.images).every(image => image.complete && image.naturalWidth > 0)"));
    try {
      Files.write(SCREENSHOTS.resolve(name + ".png"), browser.getScreenshotAs(OutputType.BYTES));
    } catch (IOException e) {
      throw new IllegalStateException("could not save the screenshot " + name, e);
    }
  }

  private static boolean passesLuhn(String number) {
    return LuhnCheckDigit.LUHN_CHECK_DIGIT.isValid(number);
  }

}
