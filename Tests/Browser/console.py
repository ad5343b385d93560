#!/usr/bin/env python3
"""The web console in a real browser (Debian's chromium, headless, through chromium-driver):
log in (a wrong password first), see the nodes, run a script and see its table, see a syntax
error with its caret, be refused as a non-admin, log out; no errors in the browser's console.

Usage: console.py URL ADMIN_PASSWORD USER USER_PASSWORD. Exits 0 when every step passed, 1 with
the step that failed."""
import sys
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as seen

from browser import Steps, start

url, admin_password, user, user_password = sys.argv[1:5]
driver = start()
steps = Steps(driver, 15)
step = steps.step


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
    paint = driver.execute_script(
        "return (performance.getEntriesByName('first-contentful-paint')[0] || {}).startTime")
    print(f"first contentful paint: {paint} ms")
    log_in("admin", "wrong")
    step("a wrong password is refused with a reason", text_in("login-error", "password"))
    log_in("admin", admin_password)
    step("logged in, the user and node are named", text_in("who", "admin on "))
    step("the login form is gone", seen.invisibility_of_element_located((By.ID, "login")))
    step("the nodes table lists this node", seen.presence_of_element_located((By.CSS_SELECTOR, "#nodes table td")))
    # Read in one go: the table is drawn again every 3 s.
    headers = driver.execute_script("return [...document.querySelectorAll('#nodes th')].map(e => e.textContent)")
    steps.check(
        f"the nodes table has its columns {headers}",
        headers[:4] == ["node", "mode", "status", "site"] and "memory MiB" in headers and "CPU %" in headers)
    step("the node's row says it runs", text_in("nodes", "running"))

    driver.find_element(By.CSS_SELECTOR, "nav button[data-tab=editor]").click()
    step("the script editor shows", visible("script"))
    step("and the nodes are hidden", seen.invisibility_of_element_located((By.ID, "nodes")))
    run('x = 1..3\nprint("rows")\nselect x, x * 2 as y from table(x)')
    step("printed output shows", text_in("output", "rows"))
    step("the result is a table", seen.presence_of_element_located((By.CSS_SELECTOR, "#value table")))
    cells = [td.text for td in driver.find_elements(By.CSS_SELECTOR, "#value td")]
    steps.check(f"the table holds the rows {cells}", cells == ["1", "2", "2", "4", "3", "6"])
    driver.find_element(By.ID, "chart-bar").click()
    step("a numeric column is drawn as bars", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#chart rect")) == 3)
    driver.find_element(By.ID, "chart-line").click()
    step("or as a line", seen.presence_of_element_located((By.CSS_SELECTOR, "#chart polyline")))
    run("table(1..2500 as n)")
    step("a long table shows its first page", seen.element_to_be_clickable((By.XPATH, '//button[text()="Next rows"]')))
    driver.find_element(By.XPATH, '//button[text()="Next rows"]').click()
    step("and the next one", text_in("value", "rows from 1001"))
    run("for (i in 1..100000) sleep(10)")
    step("a running script can be stopped", seen.element_to_be_clickable((By.ID, "stop")))
    driver.find_element(By.ID, "stop").click()
    step("and it stops", text_in("error", "interrupt"))
    options = [o.text for o in driver.find_elements(By.CSS_SELECTOR, "#history option")]
    steps.check("the history has the scripts run", any(o.startswith("for (i in 1..100000)") for o in options))
    run("y = (1 + ")
    step("a syntax error shows with its line, column and caret", text_in("error", "<web>:1:10: error:"))
    steps.check("the error has a caret", "^" in driver.find_element(By.ID, "error").text)

    run('def slow() { sleep(30000) }\nsubmitJob("slow", "a long one", slow)')
    driver.find_element(By.CSS_SELECTOR, "nav button[data-tab=jobs]").click()
    step("the jobs page lists the job", text_in("joblist", "a long one"))
    step("and the scheduled jobs", seen.presence_of_element_located((By.CSS_SELECTOR, "#scheduled table")))
    driver.find_element(By.ID, "cancel-id").send_keys("slow")
    driver.find_element(By.ID, "show-job").click()
    step("the job's messages show", text_in("job-messages", "Start the job [slow]: a long one"))
    driver.find_element(By.CSS_SELECTOR, "#cancel-form button[type=submit]").click()
    step("the job is cancelled from the page", text_in("cancel-message", "cancelled"))
    driver.find_element(By.CSS_SELECTOR, "nav button[data-tab=editor]").click()
    run('t = table(2023.01.01 2023.01.02 as day, 1.5 2.5 as price)\n'
        'db = database("dfs://browser", VALUE, 2023.01.01..2023.01.02)\n'
        'db.createPartitionedTable(t, "pt", "day").append!(t)')
    step("the script that makes a partitioned table ends", seen.element_to_be_clickable((By.ID, "run")))
    driver.find_element(By.CSS_SELECTOR, "nav button[data-tab=databases]").click()
    step("the databases page shows the chunks", seen.presence_of_element_located((By.CSS_SELECTOR, "#chunks table")))
    step("and the table", seen.element_to_be_clickable((By.XPATH, '//button[text()="dfs://browser/pt"]')))
    driver.find_element(By.XPATH, '//button[text()="dfs://browser/pt"]').click()
    step("its columns", text_in("schema-columns", "price"))
    step("and its partitions' chunks", lambda d: len(d.find_elements(By.CSS_SELECTOR, "#schema-partitions tbody tr")) == 2)
    driver.find_element(By.CSS_SELECTOR, "nav button[data-tab=config]").click()
    step("the config page shows the node's parameters", text_in("parameters", "localSite"))
    step("and its license", seen.presence_of_element_located((By.CSS_SELECTOR, "#licenses table")))

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
    steps.check(f"no console errors {errors} ({time.time() - started:.1f} s in all)", not errors)
finally:
    driver.quit()
