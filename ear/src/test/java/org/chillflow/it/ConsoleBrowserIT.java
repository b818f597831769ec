package org.chillflow.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.microshed.testing.jupiter.MicroShedTest;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The console in a real browser: Debian's Chromium, headless, driven through its ChromeDriver (installed by
 * {@code bin/services browser}), against the test server. Screenshots go to {@code ear/target/screenshots/}.
 */
@MicroShedTest
class ConsoleBrowserIT {

    private static final Path SCREENSHOTS = Path.of("target", "screenshots");
    private WebDriver browser;
    private Path profile;

    @BeforeAll
    static void serverAndInput() throws Exception {
        ChillflowServer.awaitReady(Duration.ofMinutes(3));
        Path data = Files.createDirectories(Path.of(System.getProperty("chillflow.it.wlp.dir"), "usr", "servers",
                System.getProperty("chillflow.it.server.name"), "data"));
        Files.copy(Path.of(System.getProperty("chillflow.it.project.dir"), "data", "nyc", "lakehouse-learning",
                "yellow_tripdata_sample.parquet"), data.resolve("console-2025-02.parquet"), StandardCopyOption.REPLACE_EXISTING);
        Files.createDirectories(SCREENSHOTS);
    }

    @BeforeEach
    void startBrowser() throws Exception {
        profile = Files.createTempDirectory("chillflow-chromium");
        ChromeOptions options = new ChromeOptions();
        options.setBinary("/usr/bin/chromium");
        // the flags this machine needs: no sandbox as root, and no background calls to the (closed) internet
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--lang=en-US", "--window-size=1280,1000", "--user-data-dir=" + profile);
        // the browser's console, to see Content-Security-Policy violations (the console must satisfy its policy)
        options.setCapability("goog:loggingPrefs", Map.of("browser", "ALL"));
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new java.io.File("/usr/bin/chromedriver")).build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stopBrowser() {
        if (browser != null) {
            try {
                assertThat(browser.manage().logs().get("browser").getAll())
                        .as("Content-Security-Policy violations in the browser's console")
                        .noneSatisfy(entry -> assertThat(entry.getMessage()).containsIgnoringCase("Content Security Policy"));
            } finally {
                browser.quit();
            }
        }
    }

    @Test
    void anOperatorStartsIngestMonthWatchesItCompleteAndOpensAZonesKpiChart() throws Exception {
        signIn("operator", "operator");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        WebElement form = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("form[data-job='ingest-month']")));
        new Select(form.findElement(By.name("input"))).selectByValue("console-2025-02.parquet");
        form.findElement(By.name("month")).sendKeys("2025-02");
        form.findElement(By.cssSelector("button[data-start='ingest-month']")).click();

        // the execution appears, is followed live, and completes with its counts
        new WebDriverWait(browser, Duration.ofMinutes(3)).until(ExpectedConditions.textToBe(By.id("detail-status"), "COMPLETED"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("dq"), "5,000 rows in, 4,900 curated, 100 rejected"));
        // the retention is a percentage shown once (98.00 %, not 9800), rejects and flag-only rules apart, each explained
        assertThat(browser.findElement(By.id("dq")).getText()).contains("(retention 98.00 %)");
        assertThat(browser.findElement(By.id("dq-rejects")).getText()).contains("Rejected");
        assertThat(browser.findElements(By.cssSelector("#dq-rejects tr[data-rule='flex_fare']"))).isEmpty();
        assertThat(browser.findElement(By.cssSelector("#dq-flags tr[data-rule='flex_fare']")).getText())
                .contains("flex_fare", "kept");
        WebElement load = browser.findElement(By.cssSelector("#steps tr[data-step='load'] td[data-metric='writeCount']"));
        assertThat(load.getText()).isEqualTo("4900");
        assertThat(browser.findElement(By.cssSelector("#executions tbody tr")).getText()).contains("ingest-month", "COMPLETED", "100 %");
        // the detail is redrawn every 3 s: click again if the element went stale meanwhile
        wait.until(d -> {
            try {
                d.findElement(By.cssSelector("#job-log-box summary")).click();
                return true;
            } catch (org.openqa.selenium.StaleElementReferenceException redrawn) {
                return false;
            }
        });
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-log"), "Job Batch Status = COMPLETED, Job Exit Status = COMPLETED"));
        screenshot("console-jobs");

        // the KPI view: February 2025 for Midtown Center (161), charts drawn from the API
        browser.findElement(By.cssSelector("header a[data-view='kpis']")).click();
        WebElement month = wait.until(ExpectedConditions.visibilityOfElementLocated(By.id("kpi-month")));
        ((JavascriptExecutor) browser).executeScript("arguments[0].value = '2025-02'", month);
        new Select(browser.findElement(By.id("kpi-zone"))).selectByValue("161");
        browser.findElement(By.cssSelector("#kpi-form button[type='submit']")).click();
        wait.until(ExpectedConditions.textMatches(By.id("kpi-totals"), java.util.regex.Pattern.compile("^2025-02: [1-9][\\d,]* trips in \\d+ zones")));
        wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "const c = Chart.getChart('chart-trips'); return c ? c.data.datasets[0].data.length : 0")).intValue() > 0);
        // the summary is drawn again when the form's month arrives: wait on the element, not a reference to it
        wait.until(ExpectedConditions.textMatches(By.id("kpi-totals"),
                java.util.regex.Pattern.compile("^2025-02: .*, speed outliers \\d+\\.\\d\\d %\\.$")));
        wait.until(d -> ((Number) ((JavascriptExecutor) d).executeScript(
                "const c = Chart.getChart('chart-outliers'); return c ? c.data.datasets[0].data.length : 0")).intValue() > 0);
        assertThat(browser.findElement(By.cssSelector("#view-kpis figcaption")).getText()).contains("Midtown Center");
        screenshot("console-kpis");
    }

    @Test
    void aViewerSeesNoStartButtonAndTheApiRefusesThem() throws Exception {
        signIn("viewer", "viewer");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(
                ExpectedConditions.presenceOfElementLocated(By.cssSelector("#executions tbody tr")));
        assertThat(browser.findElements(By.cssSelector("button[data-start]"))).isEmpty();
        assertThat(browser.findElement(By.id("who")).getText()).isEqualTo("viewer (viewer)");
        Map<?, ?> answer = (Map<?, ?>) ((JavascriptExecutor) browser).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                const session = await (await fetch('api/session')).json();
                const r = await fetch('api/jobs/seed-zones/executions', { method: 'POST',
                    headers: { 'Content-Type': 'application/json', [session.csrfHeader]: session.csrfToken }, body: '{}' });
                done({ status: r.status, type: r.headers.get('Content-Type') });""");
        assertThat(answer.get("status")).isEqualTo(403L);
        assertThat(String.valueOf(answer.get("type"))).startsWith("application/problem+json");
        screenshot("console-viewer");
    }

    @Test
    void aWrongPasswordIsRefusedAndSigningOutEndsTheSession() throws Exception {
        signIn("operator", "not-the-password");
        // the form's POST and its redirect complete after click() returns
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("login.html?failed"));
        assertThat(browser.findElement(By.id("message")).getText()).isEqualTo("Wrong user or password.");
        assertThat(status("api/session")).isEqualTo(401L);

        signIn("operator", "operator");
        new WebDriverWait(browser, Duration.ofSeconds(30)).until(ExpectedConditions.textToBe(By.id("who"), "operator (viewer, operator)"));
        assertThat(status("api/session")).isEqualTo(200L);
        browser.findElement(By.id("logout")).click();
        new WebDriverWait(browser, Duration.ofSeconds(10)).until(ExpectedConditions.urlContains("login.html?logged-out"));
        assertThat(status("api/session")).isEqualTo(401L);
    }

    @Test
    void theConsoleIsUsableAtAPhoneWidth() throws Exception {
        browser.manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        signIn("operator", "operator");
        WebElement start = new WebDriverWait(browser, Duration.ofSeconds(30)).until(
                ExpectedConditions.visibilityOfElementLocated(By.cssSelector("button[data-start='seed-zones']")));
        long pageWidth = (Long) ((JavascriptExecutor) browser).executeScript("return document.documentElement.scrollWidth");
        assertThat(pageWidth).as("no sideways scrolling of the page").isLessThanOrEqualTo(390);
        assertThat(start.getRect().getX() + start.getRect().getWidth()).isLessThanOrEqualTo(390);
        screenshot("console-phone");
    }

    private void signIn(String user, String password) {
        browser.get(ChillflowServer.baseUrl() + "/login.html");
        browser.findElement(By.id("username")).sendKeys(user);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("sign-in")).click();
    }

    private long status(String path) {
        return (Long) ((JavascriptExecutor) browser).executeAsyncScript(
                "const done = arguments[arguments.length - 1]; fetch('" + path + "', {headers: {'X-Requested-With': 'test'}})"
                        + ".then(r => done(r.status));");
    }

    private void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }

}
