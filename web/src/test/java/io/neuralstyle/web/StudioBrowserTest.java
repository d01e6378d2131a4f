package io.neuralstyle.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.neuralstyle.image.ImageWriter;
import io.neuralstyle.transfer.ResultText;
import io.neuralstyle.transfer.Quality;
import io.neuralstyle.transfer.Settings;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The page in a real browser: Debian's chromium, headless, through Selenium and Debian's
 * chromedriver (never a downloaded one). A new user's path: a wrong file, then a photo and a
 * painting, a run watched to its end, the download, "again", the history, and a phone's width.
 * The screenshot of the page mid-run goes to {@code target/web-studio.png}.
 */
class StudioBrowserTest {
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    /** The run's size and iterations; the README's screenshot was taken with larger ones (see there). */
    private static final int SIZE = Integer.getInteger("studio.browser.size", 64);
    private static final int ITERATIONS = Integer.getInteger("studio.browser.iterations", 20);
    /** The screenshot is taken once the page shows this iteration or a later one, before the last. */
    private static final int SHOT_AT = Integer.getInteger("studio.browser.shot-at", Math.min(4, ITERATIONS / 2));

    @TempDir
    Path data;
    private Studio studio;
    private StudioClient client;
    private WebDriver browser;

    @BeforeEach
    void start() {
        Assumptions.assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "no browser: the page's test needs Debian's chromium and chromium-driver (/usr/bin/chromium,"
                        + " /usr/bin/chromedriver); .ci/run installs them with apt-get");
        studio = Studio.start(StudioClient.config(data));
        client = new StudioClient(studio);
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000");
        ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
                .build();
        browser = new ChromeDriver(service, options);
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (studio != null) {
            studio.close();
        }
    }

    @Test
    void aNewUserPaintsAPhotoAndWatchesItForm() throws Exception {
        browser.get(client.base + "/");
        // Generous: the machine running the tests may be busy with other work (a page action that
        // takes 20 s there has been seen); the waits end as soon as the page is ready.
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
        wait.withMessage(() -> "the page did not get there; it shows: error '" + text("error") + "', status '"
                + text("status") + "', message '" + text("message") + "'");
        wait.until(d -> !d.findElement(By.id("size")).getAttribute("value").isEmpty());
        assertEquals("512", value("size"), "the form's defaults come from the server's settings");
        JavascriptExecutor js = (JavascriptExecutor) browser;
        js.executeScript("window.srcs = []; new MutationObserver(() => window.srcs.push("
                + "document.getElementById('picture').src)).observe(document.getElementById('picture'),"
                + " {attributes: true, attributeFilter: ['src']});");

        // A text file named .jpg: the page shows the server's message, and nothing is kept.
        Path notAnImage = data.resolve("holiday.jpg");
        Files.writeString(notAnImage, "this is not a picture\n");
        browser.findElement(By.id("content")).sendKeys(notAnImage.toString());
        browser.findElement(By.cssSelector(".style-file")).sendKeys(StudioClient.image("starry_night.jpg").toString());
        browser.findElement(By.id("start")).click();
        WebElement error = wait.until(d -> {
            WebElement e = d.findElement(By.id("error"));
            return e.isDisplayed() ? e : null;
        });
        assertTrue(error.getText().contains("not a JPEG, PNG, BMP or GIF"), error.getText());
        assertEquals(0, client.getJson("/api/jobs").size());

        // A second painting brings blend weights, 1 each (an empty row is not sent).
        assertTrue(browser.findElements(By.cssSelector(".style-blend")).stream().noneMatch(WebElement::isDisplayed),
                "no blend weight with one painting");
        browser.findElement(By.id("add-style")).click();
        List<WebElement> blends = browser.findElements(By.cssSelector(".style-blend"));
        assertEquals(2, blends.size());
        for (WebElement b : blends) {
            assertTrue(b.isDisplayed());
            assertEquals("1", b.getAttribute("value"));
        }

        // The sizes come with the time each would take on this server.
        wait.until(d -> d.findElements(By.cssSelector(".sizes .time")).stream()
                .allMatch(t -> t.getText().startsWith("about ")));
        assertEquals(3, browser.findElements(By.cssSelector(".sizes input[type=radio]")).size());

        // The quality presets come first, standard chosen, each with its time here; a draft is the quickest.
        wait.until(d -> d.findElements(By.cssSelector(".qualities .time")).stream()
                .allMatch(t -> t.getText().startsWith("about ")));
        List<WebElement> qualities = browser.findElements(By.cssSelector(".qualities input[type=radio]"));
        assertEquals(List.of("draft", "standard", "best"), qualities.stream().map(q -> q.getAttribute("value")).toList());
        assertTrue(qualities.get(1).isSelected(), "standard is the default");
        assertTrue(browser.findElement(By.id("qualities")).getLocation().getY()
                < browser.findElement(By.id("sizes")).getLocation().getY(), "quality is chosen before the size");
        assertTrue(browser.findElement(By.id("qualities")).getLocation().getY()
                < browser.findElement(By.id("advanced")).getLocation().getY(), "and iterations are under advanced");
        browser.findElement(By.cssSelector(".qualities label:first-child")).click();
        assertTrue(qualities.get(0).isSelected());

        // A size out of range: the server's message, on the page.
        browser.findElement(By.id("content")).sendKeys(StudioClient.image("tubingen.jpg").toString());
        browser.findElement(By.cssSelector("#advanced summary")).click();
        setValue("size", "3");
        browser.findElement(By.id("start")).click();
        wait.until(d -> d.findElement(By.id("error")).getText().contains("size"));
        assertEquals(0, client.getJson("/api/jobs").size());

        setValue("size", String.valueOf(SIZE));
        setValue("iterations", String.valueOf(ITERATIONS));
        browser.findElement(By.id("start")).click();
        wait.until(d -> !d.findElement(By.id("error")).isDisplayed());

        // Mid-run: the picture, the curve, the stage and iteration; then the end.
        Path shot = Path.of("target", "web-studio.png");
        Pattern iteration = Pattern.compile("iteration (\\d+) of (\\d+)");
        boolean midRun = false;
        String status = null;
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (status == null && System.nanoTime() < deadline) {
            String s = browser.findElement(By.id("status")).getAttribute("data-status");
            Matcher m = iteration.matcher(browser.findElement(By.id("iteration")).getText());
            if (!midRun && m.find() && Integer.parseInt(m.group(1)) >= SHOT_AT
                    && Integer.parseInt(m.group(1)) < Integer.parseInt(m.group(2))
                    && !browser.findElement(By.id("picture")).getAttribute("src").isEmpty()) {
                Files.createDirectories(shot.getParent());
                js.executeScript("window.scrollTo(0, 0);");
                Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(), shot,
                        StandardCopyOption.REPLACE_EXISTING);
                midRun = true;
            }
            if (s != null && !List.of("queued", "running").contains(s)) {
                status = s;
            }
            Thread.sleep(30);
        }
        assertEquals("done", status, browser.findElement(By.id("message")).getText());
        assertTrue(midRun, "the page showed the run part way: a picture and 'iteration N of " + ITERATIONS + "'");
        @SuppressWarnings("unchecked")
        List<String> srcs = (List<String>) js.executeScript("return window.srcs;");
        assertTrue(new HashSet<>(srcs).size() >= 2, "the picture changed at least twice: " + srcs.size());
        assertTrue(((Number) js.executeScript("return document.getElementById('picture').naturalWidth;")).intValue()
                > 0, "the result shows");

        // Download: the PNG with its settings embedded.
        WebElement download = browser.findElement(By.id("download"));
        assertTrue(download.isDisplayed());
        String href = URI.create(download.getAttribute("href")).getRawPath() + "?"
                + URI.create(download.getAttribute("href")).getRawQuery();
        HttpResponse<byte[]> png = client.getBytes(href);
        assertEquals(200, png.statusCode());
        Path downloaded = data.resolve("download.png");
        Files.write(downloaded, png.body());
        Map<String, String> text = ImageWriter.readPngText(downloaded);
        Settings embedded = Settings.fromMap(ResultText.settingsIn(text.get("neural-style.settings")));
        assertEquals(SIZE, embedded.size());
        assertEquals(ITERATIONS, embedded.iterations());
        assertEquals(Quality.DRAFT, embedded.quality(), "the preset chosen on the page");

        // "Again" fills the form with the run's settings and paints the same pictures.
        setValue("size", "300");
        browser.findElement(By.id("again")).click();
        assertEquals(String.valueOf(SIZE), value("size"));
        assertTrue(browser.findElement(By.id("again-note")).isDisplayed());

        // The history shows the job with its thumbnail.
        WebElement item = wait.until(d -> d.findElements(By.cssSelector("#history li[data-status=done] img")).stream()
                .filter(img -> ((Number) js.executeScript("return arguments[0].naturalWidth;", img)).intValue() > 0)
                .findFirst().orElse(null));
        assertTrue(item.isDisplayed());

        // Deleting asks first, then the job and its pictures are gone.
        String doneId = item.findElement(By.xpath("./ancestor::li")).getAttribute("data-id");
        item.findElement(By.xpath("./ancestor::li")).findElement(By.cssSelector("button.delete")).click();
        browser.switchTo().alert().accept();
        wait.until(d -> d.findElements(By.cssSelector("#history li[data-id='" + doneId + "']")).isEmpty());
        assertEquals(404, client.get("/api/jobs/" + doneId).statusCode());

        // A phone's width: nothing wider than the screen.
        browser.manage().window().setSize(new Dimension(390, 844));
        Thread.sleep(300);
        long scrollWidth = ((Number) js.executeScript("return document.documentElement.scrollWidth;")).longValue();
        long innerWidth = ((Number) js.executeScript("return window.innerWidth;")).longValue();
        assertTrue(scrollWidth <= innerWidth, "no sideways scrolling at 390 px: " + scrollWidth + " > " + innerWidth);
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                Path.of("target", "web-studio-phone.png"), StandardCopyOption.REPLACE_EXISTING);
    }

    /**
     * On a phone's screen the picture is below the form: after "Paint it" the page brings it into
     * view. The painting comes from the gallery.
     */
    @Test
    void onAPhoneThePictureComesIntoViewAfterPaintIt() throws Exception {
        browser.manage().window().setSize(new Dimension(390, 844));
        browser.get(client.base + "/");
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(90));
        wait.until(d -> !d.findElements(By.cssSelector("#gallery button")).isEmpty());
        browser.findElement(By.id("content")).sendKeys(StudioClient.image("tubingen.jpg").toString());
        browser.findElement(By.cssSelector("#gallery button")).click();
        wait.until(d -> "true".equals(d.findElement(By.cssSelector("#gallery button")).getAttribute("aria-pressed")));
        browser.findElement(By.cssSelector("#advanced summary")).click();
        setValue("size", "48");
        setValue("iterations", "30");
        browser.findElement(By.id("start")).click();
        JavascriptExecutor js = (JavascriptExecutor) browser;
        wait.until(d -> d.findElement(By.id("picture")).isDisplayed());
        wait.until(d -> (Boolean) js.executeScript("const r = document.getElementById('picture')"
                + ".getBoundingClientRect(); return r.top >= 0 && r.top < window.innerHeight - 100 && r.width > 300;"));
        Files.createDirectories(Path.of("target"));
        Files.copy(((TakesScreenshot) browser).getScreenshotAs(OutputType.FILE).toPath(),
                Path.of("target", "web-studio-phone-live.png"), StandardCopyOption.REPLACE_EXISTING);
        String id = client.getJson("/api/jobs").get(0).get("id").asText();
        // The gallery's Starry Night (512x320 in docs/examples) is the job's painting: its thumbnail is 192x120.
        HttpResponse<byte[]> painting = client.getBytes("/api/jobs/" + id + "/inputs/style-0");
        assertEquals(200, painting.statusCode());
        java.awt.image.BufferedImage thumb = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(painting.body()));
        assertEquals(192, thumb.getWidth());
        assertEquals(120, thumb.getHeight());
        client.followToEnd(id);
    }

    /**
     * A page of another origin (a server of the test's own on another loopback port) sends the
     * studio a job the way a hostile page would: fetch with mode no-cors, a multipart body built from
     * its own pictures, no need to read the answer. The studio must refuse it.
     */
    @Test
    void aPageOfAnotherOriginCannotSubmitJobs() throws Exception {
        byte[] photo = Files.readAllBytes(StudioClient.image("tubingen.jpg"));
        byte[] painting = Files.readAllBytes(StudioClient.image("starry_night.jpg"));
        String page = """
                <!DOCTYPE html><title>loading</title><script>
                (async () => {
                  const studio = '%s';
                  const blob = async (p) => (await fetch(p)).blob();
                  try {
                    for (let i = 0; i < 3; i++) {
                      const form = new FormData();
                      form.append('content', await blob('/photo.jpg'), 'photo.jpg');
                      form.append('style', await blob('/painting.jpg'), 'painting.jpg');
                      form.append('settings', '{"size": 32, "iterations": 2}');
                      // A refusal may come as a closed connection: the attacker does not care.
                      await fetch(studio + '/api/jobs', {method: 'POST', mode: 'no-cors', body: form})
                          .catch(() => null);
                    }
                    document.title = 'sent';
                  } catch (e) {
                    document.title = 'error: ' + e;
                  }
                })();
                </script>""".formatted(client.base);
        com.sun.net.httpserver.HttpServer hostile = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        Map<String, byte[]> files = Map.of("/evil.html", page.getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "/photo.jpg", photo, "/painting.jpg", painting);
        hostile.createContext("/", exchange -> {
            byte[] body = files.get(exchange.getRequestURI().getPath());
            exchange.getResponseHeaders().add("Content-Type", exchange.getRequestURI().getPath().endsWith(".html")
                    ? "text/html; charset=utf-8" : "image/jpeg");
            exchange.sendResponseHeaders(body == null ? 404 : 200, body == null ? -1 : body.length);
            if (body != null) {
                exchange.getResponseBody().write(body);
            }
            exchange.close();
        });
        hostile.start();
        try {
            browser.get("http://127.0.0.1:" + hostile.getAddress().getPort() + "/evil.html");
            new WebDriverWait(browser, Duration.ofSeconds(60)).until(d -> !d.getTitle().equals("loading"));
            assertEquals("sent", browser.getTitle(), "the hostile page ran to its end");
            assertEquals(0, client.getJson("/api/jobs").size(), "no job was created by the other origin");
        } finally {
            hostile.stop(0);
        }
    }

    private String text(String id) {
        try {
            return browser.findElement(By.id(id)).getText();
        } catch (RuntimeException e) {
            return "(" + e.getClass().getSimpleName() + ")";
        }
    }

    private String value(String id) {
        return browser.findElement(By.id(id)).getAttribute("value");
    }

    private void setValue(String id, String v) {
        WebElement e = browser.findElement(By.id(id));
        e.clear();
        e.sendKeys(v);
    }
}
