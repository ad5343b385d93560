#!/usr/bin/env python3
"""The web console's first contentful paint in headless chromium: the page loaded once (the
browser's own start), then reloaded RUNS times; prints each reload's time in milliseconds.

Usage: paint.py URL RUNS"""
import sys

from browser import start

url, runs = sys.argv[1], int(sys.argv[2])
driver = start()
try:
    driver.get(url)
    for _ in range(runs):
        driver.get(url)
        paint = driver.execute_script(
            "return new Promise(done => { const look = () => { const p = performance.getEntriesByName("
            "'first-contentful-paint')[0]; p ? done(p.startTime) : setTimeout(look, 10); }; look(); })")
        print(f"{paint:.1f}")
finally:
    driver.quit()
