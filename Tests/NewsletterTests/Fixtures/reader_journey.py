"""A reader's whole journey through `newsletter serve`, in headless Chromium (Selenium), with
axe-core run on every page.

Run by JoiningBrowserTests with Debian's /usr/bin/python3 (python3-selenium, chromium-driver):

    reader_journey.py BASE_URL SPOOL_FOLDER AXE_JS SCREENSHOT_FOLDER

BASE_URL is serve's address; links in mails point at https://news.example.org (the public address
behind the proxy) and are opened on BASE_URL instead. SPOOL_FOLDER is the test SMTP server's
folder of received messages. Prints one JSON object: the pages visited, axe's violations on each,
and what the journey saw. Exits 1 when a step cannot be done.
"""
import email
import email.policy
import glob
import json
import os
import re
import sys
import time
import urllib.parse

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

BASE, SPOOL, AXE, SHOTS = sys.argv[1:5]
PUBLIC = "https://news.example.org"
ADDRESS = "journey@example.com"
DESKTOP = (1280, 900)
PHONE = (390, 844)
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

options = Options()
for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"]:
    options.add_argument(argument)
options.binary_location = "/usr/bin/chromium"
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_window_size(*DESKTOP)
axe_source = open(AXE, encoding="utf-8").read()
report = {"pages": [], "seen": {}}


def axe():
    """axe's violations on the page as it is, and how many rules passed."""
    driver.execute_script(axe_source)
    found = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: %s}}).then(r => done({passes: r.passes.length, "
        "violations: r.violations.map(v => ({id: v.id, impact: v.impact, "
        "nodes: v.nodes.map(n => n.target.join(' '))}))}));" % json.dumps(WCAG)
    )
    return found["passes"], found["violations"]


def dark(on):
    """The system's dark mode (`prefers-color-scheme: dark`), on or off."""
    driver.execute_cdp_cmd(
        "Emulation.setEmulatedMedia",
        {"features": [{"name": "prefers-color-scheme", "value": "dark" if on else "light"}]},
    )


def check(name):
    """axe on the page in light and dark mode, and screenshots at desktop and phone width and in dark mode."""
    passes, violations = axe()
    report["seen"]["%s rules passed" % name] = passes
    shots = []
    for label, size, dark_mode in (("desktop", DESKTOP, False), ("phone", PHONE, False), ("dark", DESKTOP, True)):
        dark(dark_mode)
        driver.set_window_size(*size)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(size[0], max(size[1], height + 140))
        path = os.path.join(SHOTS, "%02d-%s-%s.png" % (len(report["pages"]) + 1, name, label))
        driver.save_screenshot(path)
        shots.append(path)
        # Nothing sideways: a phone never scrolls horizontally.
        if label == "phone":
            overflow = driver.execute_script(
                "return document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            report["seen"]["%s sideways overflow on a phone" % name] = overflow
        if dark_mode:
            # The dark colours must keep their contrast too.
            violations += [dict(v, id=v["id"] + " (dark)") for v in axe()[1]]
    dark(False)
    driver.set_window_size(*DESKTOP)
    report["pages"].append({"name": name, "title": driver.title, "violations": violations, "screenshots": shots})


def press(css):
    """Clicks the button `css` and waits until the page it posts to has replaced this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    driver.find_element(By.CSS_SELECTOR, css).click()

    def replaced(_):
        try:
            page.is_enabled()
            return False
        except WebDriverException:  # stale; Chromium may also say the node left the document
            return True

    WebDriverWait(driver, 20).until(replaced)
    WebDriverWait(driver, 20).until(lambda _: driver.execute_script("return document.readyState") == "complete")


def local(link):
    return BASE + link[len(PUBLIC):] if link.startswith(PUBLIC) else link


def mail(subject_part, count_before):
    """The newest message to ADDRESS whose subject has subject_part, waiting up to 20 s."""
    for _ in range(200):
        files = sorted(glob.glob(os.path.join(SPOOL, "*-%s.eml" % urllib.parse.quote(ADDRESS, safe=""))))
        files += sorted(glob.glob(os.path.join(SPOOL, "*-%s.eml" % ADDRESS)))
        found = []
        for path in sorted(set(files)):
            with open(path, "rb") as handle:
                message = email.message_from_binary_file(handle, policy=email.policy.default)
            if subject_part in str(message["Subject"]):
                found.append(message)
        if len(found) > count_before:
            return found[-1]
        time.sleep(0.1)
    raise SystemExit("no message '%s' arrived for %s" % (subject_part, ADDRESS))


def text_of(message):
    return message.get_body(preferencelist=("plain",)).get_content()


try:
    driver.get(BASE + "/subscribe")
    check("form")
    driver.find_element(By.ID, "email").send_keys(ADDRESS)
    driver.find_element(By.ID, "name").send_keys("Jo Journey")
    driver.find_element(By.CSS_SELECTOR, "input[value='Child sexual abuse']").click()
    time.sleep(2.2)  # a person takes longer than the form's two seconds
    press("button[type=submit]")
    report["seen"]["after sign-up"] = driver.find_element(By.TAG_NAME, "h1").text
    check("check-inbox")

    confirmation = mail("Confirm your subscription", 0)
    link = re.search(r"https://news\.example\.org/subscribe/confirm/[A-Za-z0-9_-]+", text_of(confirmation)).group(0)
    driver.get(local(link))
    check("confirm")
    press("button[type=submit]")
    report["seen"]["after confirming"] = driver.find_element(By.TAG_NAME, "h1").text
    check("confirmed")
    manage = driver.find_element(By.PARTIAL_LINK_TEXT, "manage your subscription").get_attribute("href")
    report["seen"]["manage link"] = manage

    driver.get(local(manage))
    check("manage")
    ticked = [box.get_attribute("value") for box in driver.find_elements(By.CSS_SELECTOR, "input[name=topic]:checked")]
    report["seen"]["ticked at first"] = ticked
    report["seen"]["issue at first"] = driver.find_element(By.CSS_SELECTOR, "input[name=issue]:checked").get_attribute("value")
    driver.find_element(By.CSS_SELECTOR, "input[value='Information sharing']").click()
    driver.find_element(By.CSS_SELECTOR, "label[for=issue-topics]").click()
    press("button[value=topics]")
    report["seen"]["after saving"] = driver.find_element(By.CSS_SELECTOR, "[role=status]").text
    ticked = [box.get_attribute("value") for box in driver.find_elements(By.CSS_SELECTOR, "input[name=topic]:checked")]
    report["seen"]["ticked after saving"] = ticked
    report["seen"]["issue after saving"] = driver.find_element(By.CSS_SELECTOR, "input[name=issue]:checked").get_attribute("value")
    check("topics-saved")

    press("button[value=data]")
    report["seen"]["after asking for data"] = driver.find_element(By.CSS_SELECTOR, "[role=status]").text
    report["seen"]["address on the page"] = ADDRESS in driver.page_source
    data = mail("Your data", 0)
    report["seen"]["data letter"] = text_of(data)

    press("button[value=delete]")
    check("delete-confirm")
    press("button[value=delete-confirmed]")
    report["seen"]["after deleting"] = driver.find_element(By.TAG_NAME, "h1").text
    check("deleted")

    # The checker itself: a page with an unlabelled field must fail it.
    driver.get("data:text/html,<!DOCTYPE html><html lang=en><title>x</title><main><input type=text></main></html>")
    driver.execute_script(axe_source)
    caught = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: %s}}).then(r => done(r.violations.map(v => v.id)));"
        % json.dumps(WCAG)
    )
    report["seen"]["axe on an unlabelled field"] = caught
finally:
    driver.quit()
print(json.dumps(report))
