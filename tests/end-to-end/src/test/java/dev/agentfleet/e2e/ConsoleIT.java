package dev.agentfleet.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import dev.agentfleet.localfleet.auth.DevTokens;
import dev.agentfleet.localfleet.workflow.WorkflowClient;

/**
 * The run console in a real browser (Debian's chromium, headless, through chromedriver) against the real local fleet:
 * signing in from a link and by pasting a token, a run's graph and timeline following the run live as it waits for a
 * signal and finishes, actions offered by role and refused by the API, definitions drawn with their diff, and a run
 * started from the input schema's form. Screenshots go to {@code target/console/}. The figure for a 100-branch fan-out
 * is printed, not asserted.
 */
class ConsoleIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Path SCREENSHOTS = Path.of("target", "console");
    private static WebDriver browser;
    private static String coordinator;
    private static WorkflowClient admin;

    @BeforeAll
    static void openBrowser() throws Exception {
        coordinator = RunningFleet.component("workflow-coordinator").url();
        admin = new WorkflowClient(coordinator, DevTokens.token("console-admin", DevTokens.ALL_ROLES.toArray(String[]::new)));
        Path driver = Path.of(System.getProperty("agentfleet.chromedriver", "/usr/bin/chromedriver"));
        Path chromium = Path.of(System.getProperty("agentfleet.chromium", "/usr/bin/chromium"));
        assertThat(driver).as("chromedriver (apt install chromium chromium-driver; .ci/run installs them)").isExecutable();
        ChromeOptions options = new ChromeOptions().setBinary(chromium.toFile())
                .addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1400,1000");
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(driver.toFile()).build(), options);
        Files.createDirectories(SCREENSHOTS);
    }

    @AfterAll
    static void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aLinkSignsInAndARunsGraphAndTimelineFollowItLiveToItsEnd() throws Exception {
        String name = register("""
                steps:
                  - {id: analyse, function: data-analysis/analyze-series, input: '{values: [1, 2, 3, 5, 8]}'}
                  - {id: approve, dependsOn: [analyse], wait: {signal: go}}
                  - {id: report, dependsOn: [approve], function: data-analysis/analyze-series, input: '{values: [2, 4, 6]}'}
                output: .steps.report.output
                """);
        String run = admin.start(name, WorkflowClient.json("{}"));

        signInAsAdminByLink();
        await().until(b -> b.findElements(By.cssSelector("#runs")).size() == 1);
        assertThat(browser.getCurrentUrl()).as("the token leaves the address bar").doesNotContain("token=");

        browser.get(coordinator + "/console/#/runs/" + run);
        await().until(b -> node("approve").getAttribute("data-status").equals("WAITING"));
        assertThat(statusOf("analyse")).isEqualTo("SUCCEEDED");
        assertThat(statusOf("report")).isEqualTo("PENDING");
        assertThat(textOf(By.id("live"))).isEqualTo("live");
        screenshot("run-waiting");

        // the waiting step offers its signal: sent from the page with a payload
        click(nodeAt("approve"));
        await().until(b -> b.findElements(By.id("signal-form")).size() == 1);
        WebElement payload = browser.findElement(By.id("signal-payload"));
        payload.clear();
        payload.sendKeys("{\"ok\": true}");
        screenshot("run-signal");
        click(By.id("action-signal"));
        // no reload: the page hears the history stream and redraws
        await().until(b -> node("report").getAttribute("data-status").equals("SUCCEEDED"));
        await().until(b -> b.findElement(By.cssSelector("h1 .status")).getText().equals("SUCCEEDED"));
        assertThat(browser.findElements(By.cssSelector("#timeline rect.bar[data-step='analyse'][data-state='RUNNING']"))).isNotEmpty();
        assertThat(browser.findElements(By.cssSelector("#timeline rect.bar[data-step='approve'][data-state='WAITING']"))).isNotEmpty();
        await().until(b -> b.findElement(By.id("history")).getText().contains("run-succeeded"));
        assertThat(textOf(By.id("history"))).contains("signal-received", "console-admin");
        boolean okSent = false;
        for (com.fasterxml.jackson.databind.JsonNode step : admin.run(run).path("steps")) {
            okSent |= step.path("id").asText().equals("approve") && step.path("output").path("ok").asBoolean(false);
        }
        assertThat(okSent).as("the payload typed in the page is the waiting step's output").isTrue();
        assertThat(textOf(By.id("live"))).isEqualTo("finished");
        assertThat(textOf(By.id("trace-id"))).matches("[0-9a-f]{32}");

        node("analyse").sendKeys(Keys.ENTER); // the graph's steps take the keyboard: focus one, Enter shows it
        await().until(b -> b.findElement(By.id("step")).getText().contains("\"status\": \"SUCCEEDED\""));
        screenshot("run-finished");
    }

    @Test
    void aRetriedStepShowsItsAttemptsAndBackoffWaitsOnTheTimelineAndAFailedRunItsError() throws Exception {
        // a millisecond is too short for a 50,000-value series: attempts time out and are retried after a backoff (the
        // coordinator's timer can still lose a race against an answer on a busy machine, so the last attempt may succeed)
        String name = register("""
                steps:
                  - id: hurried
                    function: data-analysis/analyze-series
                    input: '{values: [range(50000)]}'
                    timeout: 1ms
                    retry: {maxAttempts: 3, initialBackoff: 300ms, maxBackoff: 1s, multiplier: 2, jitter: 0}
                """);
        String run = admin.start(name, WorkflowClient.json("{}"));
        signInAsAdminByLink();
        browser.get(coordinator + "/console/#/runs/" + run);
        await().until(b -> List.of("FAILED", "SUCCEEDED").contains(b.findElement(By.cssSelector("h1 .status")).getText()));
        await().until(b -> b.findElement(By.id("live")).getText().equals("finished"));
        int attempts = browser.findElements(By.cssSelector("#timeline rect.bar[data-step='hurried'][data-state='RUNNING']")).size();
        assertThat(attempts).as("attempts on the timeline").isGreaterThanOrEqualTo(2);
        assertThat(browser.findElements(By.cssSelector("#timeline rect.bar[data-step='hurried'][data-state='WAITING_RETRY']")))
                .as("a backoff wait between each two attempts").hasSize(attempts - 1);
        assertThat(textOf(By.id("history"))).contains("step-retry-scheduled", "no answer within");
        click(nodeAt("hurried"));
        await().until(b -> b.findElement(By.id("step")).getText().contains("\"attempts\": " + attempts));
        if (textOf(By.cssSelector("h1 .status")).equals("FAILED")) {
            assertThat(textOf(By.id("run-error"))).as("the run's error").contains("no answer within");
            assertThat(browser.findElements(By.id("action-redrive"))).as("an admin may redrive a failed run").hasSize(1);
            screenshot("run-failed");
        }
    }

    @Test
    void withoutALinkThePageAsksForATokenAndEachRoleSeesWhatTheApiAllows() throws Exception {
        String name = register("""
                steps:
                  - {id: hold, wait: {signal: go}}
                """);
        String alices = new WorkflowClient(coordinator, DevTokens.token("alice", "workflow-submit")).start(name, WorkflowClient.json("{}"));

        HttpResponse<String> redirect = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(coordinator + "/console")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(redirect.statusCode()).isEqualTo(302);
        assertThat(redirect.headers().firstValue("Location")).hasValue("/console/");

        signOut();
        browser.get(coordinator + "/console");
        await().until(b -> b.findElements(By.id("token-form")).size() == 1);
        pasteToken(DevTokens.token("dave", "workflow-submit"));
        await().until(b -> b.findElements(By.cssSelector("#runs")).size() == 1);
        browser.get(coordinator + "/console/#/runs/" + alices);
        await().until(b -> b.findElements(By.cssSelector(".problem")).size() == 1);
        assertThat(browser.findElement(By.cssSelector(".problem")).getText()).as("someone else's run is not found").startsWith("404");

        signOut();
        pasteToken(DevTokens.token("bob", "workflow-read"));
        browser.get(coordinator + "/console/#/runs/" + alices);
        await().until(b -> node("hold").getAttribute("data-status").equals("WAITING"));
        assertThat(browser.findElements(By.id("action-cancel"))).as("a reader is offered no cancel").isEmpty();

        signOut();
        pasteToken(DevTokens.token("alice", "workflow-submit"));
        browser.get(coordinator + "/console/#/runs/" + alices);
        await().until(b -> b.findElements(By.id("action-cancel")).size() == 1);
        assertThat(browser.findElements(By.id("action-pause"))).as("pausing is for admins").isEmpty();
        click(By.id("action-cancel"));
        await().until(b -> b.findElement(By.cssSelector("h1 .status")).getText().equals("CANCELLED"));

        browser.get(coordinator + "/console/#/dead-letters");
        await().until(b -> b.findElements(By.cssSelector(".problem")).size() == 1);
        assertThat(browser.findElement(By.cssSelector(".problem")).getText()).as("dead letters are for admins").startsWith("403");
    }

    @Test
    void anAdminSeesADeadLetterAndItsReplayButtonSaysWhyTheLocalFleetCannotReplay() throws Exception {
        String id = "console-" + UUID.randomUUID();
        HttpResponse<String> kept = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(coordinator + "/dead-letters"))
                .header("Authorization", RunningFleet.senderAuthorization()).header("Content-Type", "application/json")
                .header("ce-specversion", "1.0").header("ce-id", id).header("ce-source", "/console-it").header("ce-type", "dev.agentfleet.forecast")
                .header("ce-knativeerrordest", "http://weather.agentfleet.svc.cluster.local").header("ce-knativeerrorcode", "503")
                .POST(HttpRequest.BodyPublishers.ofString("{\"city\": \"Lisbon\"}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(kept.statusCode()).isEqualTo(202);
        signInAsAdminByLink();
        browser.get(coordinator + "/console/#/dead-letters");
        await().until(b -> b.findElement(By.id("dead-letters")).getText().contains(id));
        WebElement row = browser.findElement(By.xpath("//table[@id='dead-letters']//tr[td[text()='" + id + "']]"));
        assertThat(row.getText()).contains("dev.agentfleet.forecast", "503", "http://weather.agentfleet.svc.cluster.local");
        row.findElement(By.cssSelector("button.replay")).click();
        // the local fleet has no Broker (K_SINK): the API refuses, and the page says why, keeping the button
        await().until(b -> !row.findElements(By.cssSelector(".problem")).isEmpty());
        assertThat(row.findElement(By.cssSelector(".problem")).getText()).startsWith("409").contains("K_SINK");
        assertThat(row.findElement(By.cssSelector("button.replay")).isEnabled()).isTrue();
        screenshot("dead-letters");
    }

    @Test
    void aDefinitionIsDrawnWithTheChangesBetweenVersionsAndItsSchemaStartsARun() throws Exception {
        String name = "console-" + UUID.randomUUID().toString().substring(0, 8);
        String schema = "input: {type: object, required: [count], properties: {count: {type: integer, minimum: 1}}}\n";
        admin.register("name: " + name + "\nversion: \"1\"\n" + schema + """
                steps:
                  - {id: series, function: data-analysis/analyze-series, input: '{values: [range(.input.count + 3)]}'}
                output: .steps.series.output
                """);
        admin.register("name: " + name + "\nversion: \"2\"\n" + schema + """
                steps:
                  - {id: series, function: data-analysis/analyze-series, input: '{values: [range(.input.count + 3)]}'}
                  - {id: again, dependsOn: [series], function: data-analysis/analyze-series, input: '{values: [1, 2, 3]}'}
                output: .steps.again.output
                """);
        signInAsAdminByLink();
        browser.get(coordinator + "/console/#/definitions");
        await().until(b -> b.findElement(By.id("definitions")).getText().contains(name));

        browser.get(coordinator + "/console/#/definitions/" + name + "?version=2&diff=1");
        await().until(b -> b.findElements(By.cssSelector("#definition-dag g.node")).size() == 2);
        List<WebElement> added = browser.findElements(By.cssSelector("#diff pre.add"));
        assertThat(added).isNotEmpty();
        assertThat(added.stream().map(WebElement::getText).toList()).anyMatch(t -> t.contains("\"id\" : \"again\"") || t.contains("\"id\": \"again\""));
        screenshot("definition-diff");

        browser.findElement(By.cssSelector("#start-form input[name='count']")).sendKeys("4");
        browser.findElement(By.cssSelector("#start-form button")).click();
        await().until(b -> b.getCurrentUrl().contains("#/runs/r"));
        await().until(b -> b.findElement(By.cssSelector("h1 .status")).getText().equals("SUCCEEDED"));
        assertThat(browser.findElement(By.id("output")).getText()).contains("\"count\"");
    }

    /** Prints how long a 100-branch fan-out's run page takes to draw (a figure for docs, not a pass mark). */
    @Test
    void aHundredBranchFanOutIsDrawn() throws Exception {
        StringBuilder steps = new StringBuilder("steps:\n  - {id: root, function: data-analysis/analyze-series, input: '{values: [1, 2, 3]}'}\n");
        for (int i = 0; i < 100; i++) {
            steps.append("  - {id: b").append(i).append(", dependsOn: [root], function: data-analysis/analyze-series, input: '{values: [")
                    .append(i).append(", 1, 2]}'}\n");
        }
        String name = register(steps.toString());
        String run = admin.start(name, WorkflowClient.json("{}"));
        admin.awaitFinished(run, WAIT);
        signInAsAdminByLink();
        await().until(b -> b.findElements(By.cssSelector("#runs")).size() == 1);
        long[] millis = new long[5];
        for (int i = 0; i < millis.length; i++) {
            browser.get(coordinator + "/console/#/runs");
            await().until(b -> b.findElements(By.cssSelector("#runs")).size() == 1);
            long started = System.nanoTime();
            browser.get(coordinator + "/console/#/runs/" + run);
            await().until(b -> b.findElements(By.cssSelector("#dag g.node[data-status='SUCCEEDED']")).size() == 101
                    && b.findElements(By.cssSelector("#timeline rect.bar")).size() >= 101);
            millis[i] = (System.nanoTime() - started) / 1_000_000;
        }
        screenshot("fan-out-100");
        java.util.Arrays.sort(millis);
        System.out.printf("console: a finished 101-step run (100-branch fan-out) drawn with its timeline in %d ms (median of 5;"
                + " min %d, max %d; headless chromium, local fleet)%n", millis[2], millis[0], millis[4]);
        assertThat(browser.findElements(By.cssSelector("#dag path.edge"))).hasSize(100);
    }

    /** Prints how long pages of the runs list take with 10,000 runs of one workflow (figures for docs, not pass marks). */
    @Test
    void tenThousandRunsArePagedNotLoaded() throws Exception {
        String name = register("steps:\n  - {id: a, function: data-analysis/analyze-series, input: '{values: [1, 2, 3]}'}\n");
        int runs = 10_000;
        // 50 starters of 200 runs each: every one within its start bucket's burst
        java.util.concurrent.ExecutorService starters = java.util.concurrent.Executors.newFixedThreadPool(16);
        java.time.Instant beforeTheFirst = java.time.Instant.now().minusMillis(1);
        long startedAt = System.nanoTime();
        try {
            WorkflowClient[] clients = new WorkflowClient[50];
            for (int i = 0; i < clients.length; i++) {
                clients[i] = new WorkflowClient(coordinator, DevTokens.token("starter-" + i, "workflow-submit"));
            }
            List<java.util.concurrent.Future<String>> started = new java.util.ArrayList<>();
            for (int i = 0; i < runs; i++) {
                WorkflowClient starter = clients[i % clients.length];
                started.add(starters.submit(() -> starter.start(name, WorkflowClient.json("{}"))));
            }
            for (java.util.concurrent.Future<String> id : started) {
                id.get(5, java.util.concurrent.TimeUnit.MINUTES);
            }
        } finally {
            starters.shutdownNow();
        }
        double startSeconds = (System.nanoTime() - startedAt) / 1e9;
        // the fleet is shared with the other tests (their runs would queue behind these): leave it quiet
        WorkflowClient reader = new WorkflowClient(coordinator, DevTokens.token("console-admin", "workflow-read"));
        long quietBy = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (reader.any(name, "RUNNING")) {
            assertThat(System.nanoTime()).as("the 10,000 runs finish within 5 minutes").isLessThan(quietBy);
            Thread.sleep(500);
        }
        signInAsAdminByLink();
        await().until(b -> b.findElements(By.cssSelector("#runs")).size() == 1);
        long[] first = new long[5];
        long[] older = new long[5];
        for (int i = 0; i < first.length; i++) {
            browser.get(coordinator + "/console/#/definitions");
            await().until(b -> b.findElements(By.id("definitions")).size() == 1);
            long t0 = System.nanoTime();
            browser.get(coordinator + "/console/#/runs?workflow=" + name);
            await().until(b -> b.findElements(By.cssSelector("#runs tbody tr")).size() == 50);
            first[i] = (System.nanoTime() - t0) / 1_000_000;
            String top = browser.findElement(By.cssSelector("#runs tbody tr")).getAttribute("data-run");
            long t1 = System.nanoTime();
            browser.findElement(By.id("next-page")).click();
            await().until(b -> b.findElements(By.cssSelector("#runs tbody tr")).size() == 50
                    && !b.findElement(By.cssSelector("#runs tbody tr")).getAttribute("data-run").equals(top));
            older[i] = (System.nanoTime() - t1) / 1_000_000;
        }
        java.util.Arrays.sort(first);
        java.util.Arrays.sort(older);
        System.out.printf("console: %d runs of one workflow started in %.1f s; its runs list shows 50 in %d ms and the next 50"
                + " in %d ms (medians of 5; headless chromium, local fleet)%n", runs, startSeconds, first[2], older[2]);
        assertThat(browser.findElements(By.cssSelector("#runs tbody tr"))).hasSize(50);

        // the counts by status include these runs, and each count links to its status's listing
        await().until(b -> countOf("SUCCEEDED") >= runs);
        screenshot("runs-counts");
        // the time range: none of this workflow's runs was created before the first start; all after
        browser.get(coordinator + "/console/#/runs?workflow=" + name + "&createdTo=" + beforeTheFirst);
        await().until(b -> b.findElement(By.id("view")).getText().contains("No runs match."));
        browser.get(coordinator + "/console/#/runs?workflow=" + name + "&createdFrom=" + beforeTheFirst);
        await().until(b -> b.findElements(By.cssSelector("#runs tbody tr")).size() == 50);
    }

    private static long countOf(String status) {
        List<WebElement> count = browser.findElements(By.cssSelector("#run-counts a[data-status='" + status + "'] .n"));
        return count.isEmpty() ? -1 : Long.parseLong(count.get(0).getText().replaceAll("[^0-9]", ""));
    }

    // ---- helpers -----------------------------------------------------------------------------------------------------

    private static String register(String body) {
        String name = "console-" + UUID.randomUUID().toString().substring(0, 8);
        admin.register("name: " + name + "\nversion: \"1\"\n" + body);
        return name;
    }

    private static WebDriverWait await() {
        // the page redraws as the run moves: an element found a moment ago may be gone
        return (WebDriverWait) new WebDriverWait(browser, WAIT).ignoring(StaleElementReferenceException.class);
    }

    /** An element's text as the run page shows it now: read again if the page redrew it while it was being read. */
    private static String textOf(By by) {
        return await().until(b -> b.findElement(by).getText());
    }

    /** A step's status as the graph shows it now: read again if the page redrew the node while it was being read. */
    private static String statusOf(String step) {
        return await().until(b -> node(step).getAttribute("data-status"));
    }

    /** Clicks what {@code by} finds, finding it again if the page redrew it in between. */
    private static void click(By by) {
        await().until(b -> {
            b.findElement(by).click();
            return true;
        });
    }

    private static By nodeAt(String step) {
        return By.cssSelector("#dag g.node[data-step='" + step + "']");
    }

    private static WebElement node(String step) {
        return browser.findElement(nodeAt(step));
    }

    private static void signOut() {
        browser.get(coordinator + "/console/");
        ((org.openqa.selenium.JavascriptExecutor) browser).executeScript("sessionStorage.clear()");
        browser.get(coordinator + "/console/#/runs");
        browser.navigate().refresh();
    }

    /** Signs out whoever was signed in, then opens the kind of link {@code ./fleet console} prints, with an admin's token. */
    private static void signInAsAdminByLink() {
        signOut();
        browser.get(coordinator + "/console/#token=" + DevTokens.token("console-admin", DevTokens.ALL_ROLES.toArray(String[]::new)));
    }

    private static void pasteToken(String token) {
        await().until(b -> b.findElements(By.id("token-form")).size() == 1);
        browser.findElement(By.id("token")).sendKeys(token);
        browser.findElement(By.cssSelector("#token-form button")).click();
    }

    private static void screenshot(String name) throws Exception {
        Files.write(SCREENSHOTS.resolve(name + ".png"), ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
    }
}
