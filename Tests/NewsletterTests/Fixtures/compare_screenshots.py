#!/usr/bin/env python3
"""Compares two PNG screenshots pixel by pixel (with Pillow) and prints what it found, as JSON.

    compare_screenshots.py BEFORE.png AFTER.png
        {"width": ..., "height": ..., "sameSize": true, "differingPixels": N, "totalPixels": N,
         "background": [r, g, b], "contentPixels": N, "blankRowsAtBottom": N}

"background" is the top-left pixel of BEFORE, "contentPixels" how many of BEFORE's pixels differ
from it (a blank page has none), and "blankRowsAtBottom" how many rows at the bottom of BEFORE are
all background (none means the page went on past the window: the screenshot is not all of it).
"""
import json
import sys

from PIL import Image, ImageChops


def main():
    if len(sys.argv) != 3:
        sys.exit("usage: compare_screenshots.py BEFORE.png AFTER.png")
    before = Image.open(sys.argv[1]).convert("RGB")
    after = Image.open(sys.argv[2]).convert("RGB")
    width, height = before.size
    result = {"width": width, "height": height, "sameSize": before.size == after.size}
    if before.size == after.size:
        difference = ImageChops.difference(before, after).convert("L").point(lambda v: 255 if v else 0)
        result["differingPixels"] = difference.histogram()[255]
    else:
        result["differingPixels"] = width * height
    result["totalPixels"] = width * height
    background = before.getpixel((0, 0))
    result["background"] = list(background)
    plain = Image.new("RGB", before.size, background)
    content = ImageChops.difference(before, plain).convert("L").point(lambda v: 255 if v else 0)
    result["contentPixels"] = content.histogram()[255]
    blank = 0
    for y in range(height - 1, -1, -1):
        if content.crop((0, y, width, y + 1)).getbbox() is not None:
            break
        blank += 1
    result["blankRowsAtBottom"] = blank
    json.dump(result, sys.stdout)


if __name__ == "__main__":
    main()
