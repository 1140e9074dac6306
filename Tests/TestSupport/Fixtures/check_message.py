#!/usr/bin/env python3
"""Parses RFC 5322 messages with Python's email package (policy.default) and
prints what a mail client would see, as JSON, for the Swift tests.

    check_message.py MESSAGE_FILE
        {"defects": [...], "contentType": ..., "parts": [...],
         "subject": ..., "from": ..., "to": ..., "headers": [[name, value], ...]}
        "defects" covers the message and every header field; each part has its own.

    check_message.py --headers JSON_FILE
        JSON_FILE holds a list of encoded header fields ("Name: value\\r\\n",
        folded). Prints a list of {"name", "value", "defects"} with the decoded,
        unfolded value of each.
"""
import json
import sys
from email import message_from_bytes, policy


def header_defects(message):
    found = []
    for name, value in message.items():
        for defect in getattr(value, "defects", ()):
            found.append(f"{name}: {defect!r}")
    return found


def inspect_message(raw):
    message = message_from_bytes(raw, policy=policy.default)
    parts = []
    for part in message.walk():
        if part.is_multipart():
            continue
        parts.append({
            "contentType": part.get_content_type(),
            "charset": part.get_content_charset(),
            "transferEncoding": part.get("Content-Transfer-Encoding", ""),
            "defects": [repr(d) for d in part.defects] + header_defects(part),
            "text": part.get_content(),
        })
    def header(name):
        value = message.get(name)
        return None if value is None else str(value)
    return {
        "defects": [repr(d) for d in message.defects] + header_defects(message),
        "contentType": message.get_content_type(),
        "parts": parts,
        "subject": header("Subject"),
        "from": header("From"),
        "to": header("To"),
        "headers": [[name, str(value)] for name, value in message.items()],
    }


def inspect_headers(fields):
    results = []
    for field in fields:
        message = message_from_bytes(field.encode("ascii") + b"\r\n", policy=policy.default)
        items = message.items()
        if len(items) != 1:
            results.append({"name": "", "value": "", "defects": [f"parsed {len(items)} fields"]})
            continue
        name, value = items[0]
        results.append({
            "name": name,
            "value": str(value),
            "defects": [repr(d) for d in message.defects] + [repr(d) for d in getattr(value, "defects", ())],
        })
    return results


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--headers":
        with open(sys.argv[2], "r", encoding="utf-8") as handle:
            result = inspect_headers(json.load(handle))
    elif len(sys.argv) == 2:
        with open(sys.argv[1], "rb") as handle:
            result = inspect_message(handle.read())
    else:
        sys.exit("usage: check_message.py MESSAGE_FILE | --headers JSON_FILE")
    json.dump(result, sys.stdout, ensure_ascii=True)


if __name__ == "__main__":
    main()
