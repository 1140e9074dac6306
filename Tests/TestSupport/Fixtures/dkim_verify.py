"""Verifies every DKIM-Signature of each message file with dkimpy (Debian's python3-dkim).

Usage: dkim_verify.py RECORDS.json MESSAGE...

RECORDS.json maps DNS names ("s1._domainkey.example.org") to TXT record values; the DNS lookup
dkimpy makes is answered from it alone, so no network is used. Prints one JSON list per run:
for each message, the list of its signatures with the d=, s= and a= tags, whether it verified,
and dkimpy's complaint when it did not.
"""

import json
import sys

import dkim

try:
    import nacl  # noqa: F401  (dkimpy needs PyNaCl for ed25519-sha256)
except ImportError:
    sys.exit("python3-nacl is missing: apt-get install python3-nacl (dkimpy needs it for Ed25519)")


def main():
    with open(sys.argv[1], encoding="utf-8") as handle:
        records = {name.rstrip(".").lower(): value for name, value in json.load(handle).items()}

    def dnsfunc(name, timeout=5):
        key = name.decode("ascii").rstrip(".").lower()
        value = records.get(key)
        return value.encode("ascii") if value is not None else None

    reports = []
    for path in sys.argv[2:]:
        with open(path, "rb") as handle:
            message = handle.read()
        try:
            checker = dkim.DKIM(message, minkey=2048)
        except dkim.DKIMException as exception:
            reports.append([{"domain": "", "selector": "", "algorithm": "", "headers": "", "verified": False,
                             "error": f"unreadable message: {exception}"}])
            continue
        count = sum(1 for name, _ in checker.headers if name.lower() == b"dkim-signature")
        signatures = []
        for index in range(count):
            checker = dkim.DKIM(message, minkey=2048)
            error = None
            try:
                ok = bool(checker.verify(idx=index, dnsfunc=dnsfunc))
            except dkim.DKIMException as exception:
                ok, error = False, str(exception)
            tags = checker.signature_fields or {}
            signatures.append({
                "domain": tags.get(b"d", b"").decode(),
                "selector": tags.get(b"s", b"").decode(),
                "algorithm": tags.get(b"a", b"").decode(),
                "headers": tags.get(b"h", b"").decode(),
                "verified": ok,
                "error": error,
            })
        reports.append(signatures)
    json.dump(reports, sys.stdout)


main()
