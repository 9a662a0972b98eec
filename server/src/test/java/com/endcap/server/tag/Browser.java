package com.endcap.server.tag;

import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Debian's headless Chromium driven through its chromedriver (both from {@code apt-get install
 * chromium chromium-driver}; {@code .ci/run} installs them), with a fresh profile and no
 * background networking: the machine has no internet.
 */
public final class Browser implements AutoCloseable
{
    static final String CHROMIUM = "/usr/bin/chromium";
    static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    private final Path profile;
    private final ChromeDriver driver;

    public Browser() throws IOException
    {
        if (!new File(CHROMIUM).canExecute() || !new File(CHROMEDRIVER).canExecute())
        {
            throw new IllegalStateException("the tag's browser tests need Debian's chromium and chromium-driver: " +
                "apt-get install chromium chromium-driver (.ci/run does this)");
        }
        profile = Files.createTempDirectory("endcap-chromium");
        final ChromeOptions options = new ChromeOptions()
            .setBinary(CHROMIUM)
            .addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
                "--disable-dev-shm-usage", "--window-size=1200,900", "--user-data-dir=" + profile);
        final ChromeDriverService service = new ChromeDriverService.Builder()
            .usingDriverExecutable(new File(CHROMEDRIVER))
            .usingAnyFreePort()
            .build();
        driver = new ChromeDriver(service, options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(10));
        driver.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(20));
    }

    public ChromeDriver driver()
    {
        return driver;
    }

    public void close()
    {
        driver.quit();
        try (var files = Files.walk(profile))
        {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        catch (final IOException ex)
        {
            // a temp profile left behind is harmless
        }
    }
}
