"""What the browser tests share: headless chromium through chromium-driver, and steps that
wait for a condition, print `ok: ...`, or print the page and exit 1."""
import sys

import time

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait


def start(extra=()):
    """Debian's chromium, headless, with the browser's console kept for the checks."""
    options = webdriver.ChromeOptions()
    options.binary_location = "/usr/bin/chromium"
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
                 *extra):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


class Steps:
    def __init__(self, driver, seconds):
        self.driver = driver
        # The nodes table is drawn again every few seconds: an element found just before that is
        # stale, and is looked up again.
        self.wait = WebDriverWait(driver, seconds, ignored_exceptions=(StaleElementReferenceException,))

    def step(self, name, condition):
        try:
            self.wait.until(condition)
        except Exception:
            self.fail(name)
        print(f"ok: {name}")

    def fail(self, name):
        body = self.driver.find_element(By.TAG_NAME, "body").text
        print(f"FAILED: {name}\n--- page ---\n{body}", file=sys.stderr)
        self.driver.quit()
        sys.exit(1)

    def click(self, by, selector):
        """Clicks the element, looked up again if the page redrew it meanwhile."""
        for _ in range(20):
            try:
                self.driver.find_element(by, selector).click()
                return
            except StaleElementReferenceException:
                time.sleep(0.1)
        self.fail(f"click {selector}")

    def check(self, name, passed):
        if not passed:
            self.fail(name)
        print(f"ok: {name}")
