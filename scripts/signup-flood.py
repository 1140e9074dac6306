#!/usr/bin/env python3
"""A hostile client against `newsletter serve`'s sign-up form, on demand (never in the tests).

    scripts/signup-flood.py http://127.0.0.1:8080 2000 victim|distinct|bots [--forwarded]

victim: every request for one address; distinct: a new address each time; bots: the hidden field
filled. With --forwarded, each request names another client in X-Forwarded-For (serve must list
the connection's address in subscribe.trustedProxies for that to count). One keep-alive
connection. Prints requests per second, latency percentiles and the answers by status and body.
"""
import hashlib
import http.client
import re
import sys
import time
import urllib.parse

base, count, mode = sys.argv[1], int(sys.argv[2]), sys.argv[3]
forwarded = "--forwarded" in sys.argv
url = urllib.parse.urlparse(base)
connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
# Each form is good for one sign-up: a stamp of its own for each request.
stamps = []
for _ in range(count):
    connection.request("GET", "/subscribe")
    page = connection.getresponse().read().decode()
    stamps.append(re.search(r'name="stamp" value="([A-Za-z0-9_-]+)"', page).group(1))
time.sleep(2.1)

latencies, answers = [], {}
started = time.perf_counter()
for index in range(count):
    address = "victim@example.com" if mode == "victim" else "flood%d@example.com" % index
    fields = {"email": address, "name": "Flood", "stamp": stamps[index], "website": "x" if mode == "bots" else ""}
    body = urllib.parse.urlencode(fields)
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if forwarded:
        headers["X-Forwarded-For"] = "10.%d.%d.%d" % (index >> 16 & 255, index >> 8 & 255, index & 255)
    began = time.perf_counter()
    connection.request("POST", "/subscribe", body, headers)
    response = connection.getresponse()
    content = response.read()
    latencies.append(time.perf_counter() - began)
    key = "%d %s" % (response.status, hashlib.sha256(content).hexdigest()[:12])
    answers[key] = answers.get(key, 0) + 1
elapsed = time.perf_counter() - started
latencies.sort()


def percentile(p):
    return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000


print("%s%s: %d requests in %.2f s, %.0f/s; latency ms p50 %.1f p90 %.1f p99 %.1f max %.1f" % (
    mode, " (forwarded)" if forwarded else "", count, elapsed, count / elapsed,
    percentile(50), percentile(90), percentile(99), latencies[-1] * 1000))
print("answers (status, body digest): %s" % answers)
