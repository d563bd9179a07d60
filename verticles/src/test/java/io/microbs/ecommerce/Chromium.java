package io.microbs.ecommerce;

import java.io.File;
import java.util.Map;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

/** Debian's headless Chromium, driven through its chromedriver (no driver download), as the browser tests use it. */
public final class Chromium {
  private static final File CHROMIUM = new File("/usr/bin/chromium");
  private static final File CHROMEDRIVER = new File("/usr/bin/chromedriver");

  private Chromium() {
  }

  /**
   * Whether a browser test runs: when the browser is there, and always on CI, whose .ci/run installs it (a missing
   * one fails there). For {@code @EnabledIf("io.microbs.ecommerce.Chromium#installedOrCi")}.
   */
  public static boolean installedOrCi() {
    return CHROMIUM.canExecute() && CHROMEDRIVER.canExecute() || "true".equals(System.getenv("CI"));
  }

  public static ChromeDriver start() {
    ChromeOptions options = new ChromeOptions()
        .setBinary(CHROMIUM)
        .addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
            "--force-device-scale-factor=1", "--lang=en-US");
    options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL")); // the console, where CSP violations show
    return new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER).build(), options);
  }
}
