#!/usr/bin/env python3
"""Screenshots of the web console's main pages for the README (headless chromium, 1280x800).

Usage: screenshots.py URL ADMIN_PASSWORD OUTDIR"""
import sys
import time

from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as seen
from selenium.webdriver.support.ui import WebDriverWait

from browser import start

url, password, out = sys.argv[1:4]
driver = start(("--window-size=1280,800", "--hide-scrollbars"))
wait = WebDriverWait(driver, 30)
try:
    driver.get(url)
    wait.until(seen.visibility_of_element_located((By.ID, "login")))
    driver.find_element(By.ID, "user").send_keys("admin")
    driver.save_screenshot(f"{out}/login.png")
    driver.find_element(By.ID, "password").send_keys(password)
    driver.find_element(By.CSS_SELECTOR, "#login button[type=submit]").click()
    wait.until(seen.presence_of_element_located((By.CSS_SELECTOR, "#nodes table")))
    time.sleep(31)  # ten polls: the charts have a line
    driver.save_screenshot(f"{out}/cluster.png")
    driver.find_element(By.CSS_SELECTOR, "nav button[data-tab=editor]").click()
    box = driver.find_element(By.ID, "script")
    box.clear()
    box.send_keys(
        "t = table(2023.01.01..2023.01.10 as day, take(`A`B, 10) as sym, 1..10 * 1.5 as price)\n"
        'print("10 rows")\n'
        "select day, sym, price, cumsum(price) as total from t where price > 3")
    box.send_keys(Keys.CONTROL, Keys.ENTER)
    wait.until(seen.presence_of_element_located((By.CSS_SELECTOR, "#value table")))
    driver.find_element(By.ID, "chart-bar").click()
    driver.save_screenshot(f"{out}/script.png")
    driver.find_element(By.CSS_SELECTOR, "nav button[data-tab=config]").click()
    wait.until(seen.text_to_be_present_in_element((By.ID, "parameters"), "localSite"))
    driver.save_screenshot(f"{out}/config.png")
finally:
    driver.quit()
