#!/usr/bin/env python3
"""The web console in a real browser (Debian's chromium, headless, through chromium-driver):
log in (a wrong password first), see the nodes, run a script and see its table, see a syntax
error with its caret, be refused as a non-admin, log out; no errors in the browser's console.

Usage: console.py URL ADMIN_PASSWORD USER USER_PASSWORD. Exits 0 when every step passed, 1 with
the step that failed."""
import sys
import time

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

url, admin_password, user, user_password = sys.argv[1:5]

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run"):
    options.add_argument(flag)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
wait = WebDriverWait(driver, 15)


def step(name, condition):
    try:
        wait.until(condition)
    except Exception:
        print(f"FAILED: {name}\n--- page ---\n{driver.find_element(By.TAG_NAME, 'body').text}", file=sys.stderr)
        driver.quit()
        sys.exit(1)
    print(f"ok: {name}")


def visible(element_id):
    return seen.visibility_of_element_located((By.ID, element_id))


def text_in(element_id, text):
    return seen.text_to_be_present_in_element((By.ID, element_id), text)


def log_in(name, password):
    driver.find_element(By.ID, "user").clear()
    driver.find_element(By.ID, "user").send_keys(name)
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()


def run(script):
    box = driver.find_element(By.ID, "script")
    box.clear()
    box.send_keys(script)
    box.send_keys(Keys.CONTROL, Keys.ENTER)


try:
    started = time.time()
    driver.get(url)
    step("the login form shows", visible("login"))
    log_in("admin", "wrong")
    step("a wrong password is refused with a reason", text_in("login-error", "password"))
    log_in("admin", admin_password)
    step("logged in, the user and node are named", text_in("who", "admin on "))
    step("the nodes table lists this node", seen.presence_of_element_located((By.CSS_SELECTOR, "#nodes table td")))
    headers = [th.text for th in driver.find_elements(By.CSS_SELECTOR, "#nodes th")]
    if "name" not in headers or "memoryUsed" not in headers:
        print(f"FAILED: the nodes table has columns name and memoryUsed: {headers}", file=sys.stderr)
        sys.exit(1)
    print("ok: the nodes table has its columns")

    driver.find_element(By.CSS_SELECTOR, "nav button[data-tab=editor]").click()
    step("the script editor shows", visible("script"))
    run('x = 1..3\nprint("rows")\nselect x, x * 2 as y from table(x)')
    step("printed output shows", text_in("output", "rows"))
    step("the result is a table", seen.presence_of_element_located((By.CSS_SELECTOR, "#value table")))
    cells = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#value td")]
    if cells != ["1", "2", "2", "4", "3", "6"]:
        print(f"FAILED: the table holds the rows: {cells}", file=sys.stderr)
        sys.exit(1)
    print("ok: the table holds the rows")
    run("y = (1 + ")
    step("a syntax error shows with its line, column and caret", text_in("error", "<web>:1:10: error:"))
    if "^" not in driver.find_element(By.ID, "error").text:
        print("FAILED: the error has a caret", file=sys.stderr)
        sys.exit(1)

    driver.find_element(By.ID, "logout").click()
    step("logged out, the login form is back", visible("login"))
    log_in(user, user_password)
    step(f"{user} is logged in", text_in("who", f"{user} on "))
    driver.find_element(By.CSS_SELECTOR, "nav button[data-tab=editor]").click()
    run('createUser("intruder", "Intruder1")')
    step("a non-admin is refused", text_in("error", "admin"))
    driver.find_element(By.ID, "logout").click()
    step("logged out again", visible("login"))

    # The refused login answers 401, which the browser logs; nothing else may be there.
    errors = [
        e for e in driver.get_log("browser")
        if e["level"] == "SEVERE" and not ("/api/login" in e["message"] and "401" in e["message"])
    ]
    if errors:
        print(f"FAILED: the browser's console has errors: {errors}", file=sys.stderr)
        sys.exit(1)
    print(f"ok: no console errors ({time.time() - started:.1f} s in all)")
finally:
    driver.quit()
