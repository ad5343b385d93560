#!/usr/bin/env python3
"""The web console in Firefox (Debian's firefox-esr, headless, driven through Marionette by
Mozilla's marionette_driver from PyPI: Debian has no geckodriver): log in, see the nodes, run a
script and see its table and its error's caret, log out; nothing in the page's error log.

Usage: firefox.py URL ADMIN_PASSWORD MARIONETTE_PORT. Exits 0 when every step passed, 1 with the
step that failed."""
import os
import sys
import tempfile

from marionette_driver import By, Wait
from marionette_driver.errors import NoSuchElementException, StaleElementException
from marionette_driver.keys import Keys
from marionette_driver.marionette import Marionette

url, password, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
profile = tempfile.mkdtemp(prefix="porpoise-firefox-")
client = Marionette(
    host="127.0.0.1", port=port, bin="/usr/bin/firefox-esr", headless=True, profile=profile, startup_timeout=60)


def step(name, condition):
    try:
        # The nodes table is drawn again every 3 s: an element found just before is looked up again.
        Wait(client, timeout=20, ignored_exceptions=[NoSuchElementException, StaleElementException]).until(
            lambda m: condition())
    except Exception as e:
        print(f"FAILED: {name} ({e})\n--- page ---\n{client.find_element(By.TAG_NAME, 'body').text}", file=sys.stderr)
        client.cleanup()
        sys.exit(1)
    print(f"ok: {name}")


def text(element_id):
    return client.find_element(By.ID, element_id).text


def shown(element_id):
    return client.find_element(By.ID, element_id).is_displayed()


def run(script):
    box = client.find_element(By.ID, "script")
    box.clear()
    box.send_keys(script)
    box.send_keys(Keys.CONTROL + Keys.ENTER)


try:
    client.start_session()
    # Errors the page's scripts raise, kept for the last check.
    client.navigate(url)
    client.execute_script(
        "window.porpoiseErrors = []; window.addEventListener('error', e => window.porpoiseErrors.push(e.message));")
    step("the login form shows", lambda: shown("login"))
    client.find_element(By.ID, "user").send_keys("admin")
    client.find_element(By.ID, "password").send_keys(password)
    client.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
    step("logged in", lambda: text("who").startswith("admin on "))
    step("the login form is gone", lambda: not shown("login"))
    step("the nodes table lists this node as running", lambda: "running" in text("nodes"))
    client.find_element(By.CSS_SELECTOR, "nav button[data-tab=editor]").click()
    step("the script editor shows", lambda: shown("script"))
    run('x = 1..3\nprint("rows")\nselect x, x * 2 as y from table(x)')
    step("printed output shows", lambda: "rows" in text("output"))
    step("the result is a table of the rows",
         lambda: [td.text for td in client.find_elements(By.CSS_SELECTOR, "#value td")] == ["1", "2", "2", "4", "3", "6"])
    client.find_element(By.ID, "chart-bar").click()
    step("a column is drawn as bars", lambda: len(client.find_elements(By.CSS_SELECTOR, "#chart rect")) == 3)
    run("y = (1 + ")
    step("a syntax error shows with its caret", lambda: "<web>:1:10: error:" in text("error") and "^" in text("error"))
    client.find_element(By.ID, "logout").click()
    step("logged out", lambda: shown("login"))
    errors = client.execute_script("return window.porpoiseErrors")
    if errors:
        print(f"FAILED: the page raised errors: {errors}", file=sys.stderr)
        sys.exit(1)
    print("ok: no errors in the page")
finally:
    client.cleanup()
    sys.stdout.flush()
# mozprofile's destructors fail noisily at interpreter shutdown; every check has been made.
os._exit(0)
