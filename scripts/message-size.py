#!/usr/bin/env python3
"""Where a message's bytes go: headers, then each part's headers and body, as sent and decoded.

    scripts/example.sh --format eml | scripts/message-size.py
"""
import sys
from email import message_from_bytes, policy


def main():
    raw = sys.stdin.buffer.read() if len(sys.argv) < 2 else open(sys.argv[1], "rb").read()
    head, _, body = raw.partition(b"\r\n\r\n")
    message = message_from_bytes(raw, policy=policy.default)
    print(f"message  {len(raw):7} bytes")
    print(f"headers  {len(head) + 4:7} bytes")
    delimiter = b"--" + message.get_boundary().encode()
    leaves = [part for part in message.walk() if not part.is_multipart()]
    for chunk, part in zip(body.split(delimiter)[1:-1], leaves):
        part_head, _, part_body = chunk.partition(b"\r\n\r\n")
        decoded = part.get_content().encode()
        print(f"{part.get_content_type():10} {len(part_body):6} bytes {part['Content-Transfer-Encoding']}"
              f" ({len(decoded)} decoded, {len(part_head) + 4 + len(delimiter)} of part headers)")


if __name__ == "__main__":
    main()
