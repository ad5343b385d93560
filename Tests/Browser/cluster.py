#!/usr/bin/env python3
"""The web console's cluster page in a real browser (headless chromium): an administrator on
the leading controller stops a data node from the page, sees it stopped, starts it again and
sees it running; each node has its memory and CPU charts.

Usage: cluster.py URL ADMIN_PASSWORD NODE. Exits 0 when every step passed, 1 with the step that
failed."""
import sys

from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as seen

from browser import Steps, start

url, admin_password, node = sys.argv[1:4]
driver = start()
steps = Steps(driver, 60)
step = steps.step
row = f'#nodes tr[data-node="{node}"]'


def status_is(text):
    def check(d):
        cells = d.find_elements(By.CSS_SELECTOR, row + " td.status")
        return bool(cells) and cells[0].text == text
    return check


def button(label):
    return seen.element_to_be_clickable((By.XPATH, f'//tr[@data-node="{node}"]//button[text()="{label}"]'))


try:
    driver.get(url)
    step("the login form shows", seen.visibility_of_element_located((By.ID, "login")))
    driver.find_element(By.ID, "user").send_keys("admin")
    driver.find_element(By.ID, "password").send_keys(admin_password)
    driver.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
    step(f"{node} is listed as running", status_is("running"))
    charts = driver.find_elements(By.CSS_SELECTOR, row + " svg.spark")
    steps.check("the node has its memory and CPU charts", len(charts) == 2)
    leader = driver.find_elements(By.XPATH, '//td[contains(text(), "(leader)")]')
    steps.check("the leader is marked", bool(leader))

    step("every node has its license's expiry", lambda d: len(
        [td for td in d.find_elements(By.CSS_SELECTOR, row + " td") if td.text.count(".") == 2 and td.text[:2] == "20"]) == 1)
    driver.find_element(By.CSS_SELECTOR, "nav button[data-tab=editor]").click()
    step("the editor offers the other nodes", seen.presence_of_element_located(
        (By.CSS_SELECTOR, f'#target option[value="{node}"]')))
    steps.click(By.CSS_SELECTOR, f'#target option[value="{node}"]')
    box = driver.find_element(By.ID, "script")
    box.clear()
    box.send_keys("getNodeAlias()")
    driver.find_element(By.ID, "run").click()
    step(f"a script runs on {node}", seen.text_to_be_present_in_element((By.ID, "value"), node))
    driver.find_element(By.CSS_SELECTOR, "nav button[data-tab=cluster]").click()
    step("an administrator gets a Stop button", button("Stop"))
    steps.click(By.XPATH, f'//tr[@data-node="{node}"]//button[text()="Stop"]')
    step("the page asks first", seen.alert_is_present())
    driver.switch_to.alert.accept()
    step(f"{node} shows as stopped", status_is("stopped"))
    step("and can be started", button("Start"))
    steps.click(By.XPATH, f'//tr[@data-node="{node}"]//button[text()="Start"]')
    step("the page asks again", seen.alert_is_present())
    driver.switch_to.alert.accept()
    step(f"{node} runs again", status_is("running"))

    def pid():
        cells = driver.find_elements(By.CSS_SELECTOR, row + " td")
        return cells[4].text if len(cells) > 4 else ""

    step("and can be restarted", button("Restart"))
    before = pid()
    steps.click(By.XPATH, f'//tr[@data-node="{node}"]//button[text()="Restart"]')
    step("the page asks before a restart", seen.alert_is_present())
    driver.switch_to.alert.accept()
    step(f"{node} runs as a new process", lambda d: status_is("running")(d) and pid() not in ("", before))

    errors = [e for e in driver.get_log("browser") if e["level"] == "SEVERE"]
    steps.check(f"no console errors {errors}", not errors)
finally:
    driver.quit()
