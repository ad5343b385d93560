"""What the browser tests share: headless chromium through chromium-driver, and steps that
wait for a condition, print `ok: ...`, or print the page and exit 1."""
import sys

from selenium import webdriver
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
        self.wait = WebDriverWait(driver, seconds)

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

    def check(self, name, passed):
        if not passed:
            self.fail(name)
        print(f"ok: {name}")
