package dev.tandem.admin;

import java.time.Duration;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * The admin page as a browser user sees it (element ids of {@code WEB-INF/admin/*.jsp}): shared by
 * the uber-jar's {@code OperationsIT} and the EAR's test on Payara Server.
 */
public final class AdminPages {
  private final WebDriver web;
  /** e.g. {@code http://localhost:8080/servicemodelsamples}, no trailing slash. */
  private final String base;

  public AdminPages(WebDriver web, String base) {
    this.web = web;
    this.base = base;
  }

  /** Opens {@code path} (e.g. {@code /admin/sequences}) under the application's base. */
  public void open(String path) {
    web.get(base + path);
  }

  /** Fills the login form and submits it; the caller checks where it led. */
  public void logIn(String user, String password) {
    web.findElement(By.id("username")).sendKeys(user);
    web.findElement(By.id("password")).sendKeys(password);
    navigate(web.findElement(By.id("login")));
  }

  /** The list's row of the session whose inbound Sequence is {@code id}. */
  public WebElement sequenceRow(String id) {
    return web.findElements(By.cssSelector("tr.sequence")).stream()
        .filter(r -> id.equals(r.getAttribute("data-id")))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no row for " + id + " in " + web.getPageSource()));
  }

  /** From the list, opens the detail of {@code id}. */
  public void openDetail(String id) {
    navigate(sequenceRow(id).findElement(By.cssSelector("a.sequence-link")));
  }

  /**
   * Clicks {@code element} and waits until the page it leads to has replaced this one: Selenium's
   * click may return before the navigation, and the next page can share element ids with this one
   * (the login form after a failed login).
   */
  public void navigate(WebElement element) {
    WebElement page = web.findElement(By.tagName("html"));
    element.click();
    new WebDriverWait(web, Duration.ofSeconds(30)).until(ExpectedConditions.stalenessOf(page));
    new WebDriverWait(web, Duration.ofSeconds(30))
        .until(d -> "complete".equals(((JavascriptExecutor) d).executeScript("return document.readyState")));
  }
}
