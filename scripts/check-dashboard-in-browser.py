#!/usr/bin/python3
"""The dashboard in a real browser (Debian's Chromium driven by Selenium), as a person uses it
with the keyboard alone: `readout serve --demo` on loopback with accounts (an analyst and
approver made with `readout user`), then

0. a page sends the browser to the sign-in form; a session cookie planted before signing in
   (session fixation) is replaced by a new one, HTTP-only and same-site strict; a wrong password
   is refused on the form;
1. the home page lists the demo study; Tab reaches the study link and Enter opens it;
2. a cut page's form uploads a cut (the file chosen in the file field) and shows its validation;
3. the run form starts a readout; the job page refreshes itself until the run is linked;
4. the run page shows the readout in its frame (the response table rendered), and a subject
   page shows the sentence that explains the best overall response;
5. the disclosure form checks a text;
6. the run is signed off from its page (password again, a meaning) and the signature shows;
7. a page of another origin (another port of 127.0.0.1: the same site, so same-site cookies
   alone would not stop it) posts a form to the server in the signed-in browser: it is refused
   (no CSRF token) and no job is queued;
8. signing out ends the session: the run page sends the browser to the sign-in form again.
Every page is screenshotted and checked not blank, and the browser's console has no error
(a blocked script or style would show there).

Needs chromium, chromium-driver and python3-selenium (Debian). Usage:
    /usr/bin/python3 scripts/check-dashboard-in-browser.py [READOUT_BINARY]
"""
import http.server
import io
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
import zipfile

os.environ.setdefault("SE_OFFLINE", "true")
from selenium import webdriver  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
binary = sys.argv[1] if len(sys.argv) > 1 else os.path.join(ROOT, ".build/debug/readout")
state = tempfile.mkdtemp(prefix="readout-dashboard-")
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


PASSWORD = "Browser-Check-2026"
data = ["--data", state + "/data"]
subprocess.run([binary, "user", "add", "ana", "--display-name", "Ana Analyst", "--password-stdin",
                "--bcrypt-cost", "4", *data], input=PASSWORD + "\n", text=True, check=True, capture_output=True)
token = None
for study in ["RDT-P2-001", "BROWSER-TEST"]:
    for role in ["analyst", "approver"]:
        subprocess.run([binary, "user", "grant", "ana", study, role, "--create-study", *data], check=True,
                       capture_output=True)
token = subprocess.run([binary, "user", "token", "ana", "--days", "1", *data], check=True, capture_output=True,
                       text=True).stdout.strip()
server = subprocess.Popen([binary, "serve", "--demo", "--port", "0", *data, "--log-level", "error"],
                          stdout=subprocess.PIPE, text=True)
port = re.search(r"127\.0\.0\.1:(\d+)", server.stdout.readline()).group(1)
base = "http://127.0.0.1:%s" % port


def job_count():
    r = urllib.request.Request(base + "/api/v1/jobs", headers={"Authorization": "Bearer " + token})
    return len(json.loads(urllib.request.urlopen(r).read())["jobs"])


# A page of another origin: the same host on another port.
ATTACK = ("<!doctype html><form id=f method=post action='%s/simulations' enctype='multipart/form-data'>"
          "<input name=example value='simulation/demo.yaml'></form><script>document.getElementById('f').submit()"
          "</script>" % base).encode()


class Attacker(http.server.BaseHTTPRequestHandler):
    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/html")
        self.end_headers()
        self.wfile.write(ATTACK)

    def log_message(self, *args):
        pass


attacker = http.server.HTTPServer(("127.0.0.1", 0), Attacker)
threading.Thread(target=attacker.serve_forever, daemon=True).start()

options = webdriver.ChromeOptions()
options.binary_location = "/usr/bin/chromium"
for a in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"]:
    options.add_argument(a)
options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
driver.set_page_load_timeout(60)


def shot(name):
    path = os.path.join(state, name + ".png")
    driver.save_screenshot(path)
    png = open(path, "rb").read()
    check(len(png) > 20000, "%s: the screenshot is not blank (%d bytes)" % (name, len(png)))


def console_errors():
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def wait_for(predicate, seconds=120):
    end = time.time() + seconds
    while time.time() < end:
        if predicate():
            return True
        time.sleep(0.3)
    return False


try:
    # 0. Signing in, with a planted cookie that must not become the session.
    driver.get(base + "/")
    check("/login" in driver.current_url and "Sign in" in driver.page_source,
          "an anonymous browser is sent to the sign-in form")
    driver.add_cookie({"name": "readout-session", "value": "planted-before-sign-in", "path": "/"})
    driver.find_element(By.NAME, "name").send_keys("ana")
    driver.find_element(By.NAME, "password").send_keys("not the password" + Keys.ENTER)
    check(wait_for(lambda: "is not right" in driver.page_source), "a wrong password is refused on the form")
    driver.find_element(By.NAME, "name").send_keys("ana")
    driver.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    check(wait_for(lambda: "Ana Analyst" in driver.page_source), "signing in opens the dashboard")
    cookie = driver.get_cookie("readout-session") or {}
    check(cookie.get("value") not in (None, "planted-before-sign-in"), "the planted cookie is replaced")
    check(cookie.get("httpOnly") is True and cookie.get("sameSite") == "Strict",
          "the session cookie is HTTP-only and same-site strict (%s)" % {k: cookie.get(k) for k in
                                                                        ("httpOnly", "sameSite")})
    shot("signed-in")
    console_errors()  # the refused password's 401 is expected: the log is read empty here

    # 1. Home, then the study by the keyboard alone.
    driver.get(base + "/")
    check("RDT-P2-001" in driver.page_source, "the home page lists the demo study")
    reached = False
    driver.find_element(By.TAG_NAME, "body").send_keys(Keys.TAB)
    for _ in range(40):
        active = driver.switch_to.active_element
        if active.tag_name == "a" and (active.get_attribute("href") or "").endswith("/studies/RDT-P2-001"):
            reached = True
            active.send_keys(Keys.ENTER)
            break
        active.send_keys(Keys.TAB)
    check(reached and wait_for(lambda: "/studies/RDT-P2-001" in driver.current_url),
          "Tab reaches the study link and Enter opens it")
    shot("study")

    # 2. Upload a cut through the form (the interim extract again, under another study).
    archive = os.path.join(state, "interim.zip")
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        folder = os.path.join(ROOT, "examples/phase2-interim/data")
        for name in sorted(os.listdir(folder)):
            z.write(os.path.join(folder, name), "data/" + name)
    driver.get(base + "/")
    form = driver.find_element(By.CSS_SELECTOR, "form[action='/cuts']")
    form.find_element(By.NAME, "study").clear()
    form.find_element(By.NAME, "study").send_keys("BROWSER-TEST")
    form.find_element(By.NAME, "label").send_keys("interim from the browser")
    # A date field takes typed digits in the browser's locale order; the driver sets the value instead.
    driver.execute_script("arguments[0].value = '2008-03-31'", form.find_element(By.NAME, "cutoff"))
    form.find_element(By.NAME, "archive").send_keys(archive)
    form.find_element(By.CSS_SELECTOR, "button[type=submit]").send_keys(Keys.ENTER)
    check(wait_for(lambda: re.search(r"/cuts/\d+$", driver.current_url)), "the upload form opens the new cut")
    check("Validation" in driver.page_source and "dm.csv" in driver.page_source, "the cut page shows validation")
    shot("cut")

    # 3. Run the bundled spec on it; the job page refreshes itself until the run is linked.
    select = driver.find_element(By.NAME, "example")
    select.send_keys("phase2")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/runs'] button").send_keys(Keys.ENTER)
    check(wait_for(lambda: "/jobs/" in driver.current_url), "the run form opens the job page")
    check(wait_for(lambda: "Open run" in driver.page_source), "the job page refreshes until the run is linked")
    shot("job")
    driver.find_element(By.PARTIAL_LINK_TEXT, "Open run").send_keys(Keys.ENTER)
    check(wait_for(lambda: re.search(r"/runs/\d+$", driver.current_url)), "the run page opens")

    # 4. The readout in its frame, and a subject page.
    frame = driver.find_element(By.TAG_NAME, "iframe")
    driver.switch_to.frame(frame)
    check(wait_for(lambda: "ORR" in driver.page_source), "the stored readout renders in the run page's frame")
    driver.switch_to.default_content()
    shot("run")
    link = driver.find_element(By.CSS_SELECTOR, "a[href*='/subjects/']")
    link.send_keys(Keys.ENTER)
    check(wait_for(lambda: "Best overall response (BOR)" in driver.page_source), "a subject page opens")
    check("BOR:" in driver.page_source and "<h2>RS" in driver.page_source,
          "the subject page explains the BOR and lists the RS records")
    shot("subject")

    # 5. A disclosure check from the run page.
    driver.back()
    text = driver.find_element(By.NAME, "text")
    text.send_keys("Of 112 patients enrolled, 30 (26.8%) had a confirmed response.")
    driver.find_element(By.CSS_SELECTOR, "form[action$='/check'] button").send_keys(Keys.ENTER)
    check(wait_for(lambda: "Disclosure check" in driver.page_source), "the disclosure form shows the check")
    shot("check")
    errors = console_errors()
    check(not errors, "no console error (%s)" % errors[:3])

    # 6. Sign the run off.
    driver.back()
    run_url = driver.current_url
    form = driver.find_element(By.CSS_SELECTOR, "form[action$='/sign']")
    form.find_element(By.NAME, "meaning").send_keys("approved")
    form.find_element(By.NAME, "password").send_keys(PASSWORD + Keys.ENTER)
    check(wait_for(lambda: "Ana Analyst (" in driver.page_source and "<td>approved</td>" in driver.page_source),
          "the signature shows on the run page")
    shot("signed")

    # 7. Another origin's form, posted in the signed-in browser, is refused and queues nothing.
    before = job_count()
    driver.get("http://127.0.0.1:%d/" % attacker.server_address[1])
    check(wait_for(lambda: "csrf-invalid" in driver.page_source), "a form from another origin is refused")
    time.sleep(0.5)
    check(job_count() == before, "the forged form queued no job")

    # 8. Signing out.
    driver.get(run_url)
    driver.find_element(By.CSS_SELECTOR, "form[action='/logout'] button").send_keys(Keys.ENTER)
    check(wait_for(lambda: "/login" in driver.current_url), "signing out opens the sign-in form")
    driver.get(run_url)
    check(wait_for(lambda: "/login" in driver.current_url), "after signing out the run page needs signing in")
finally:
    driver.quit()
    attacker.shutdown()
    server.terminate()
    server.wait()
    if not failures:
        shutil.rmtree(state)
    else:
        print("screenshots kept in", state)

sys.exit(1 if failures else 0)
