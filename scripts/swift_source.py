"""Swift source text, lexically: where a comment or a string literal (single-line, multi-line, raw,
with interpolations) or an extended regex literal ends, so that the project's checks
(scripts/check-layers.py, scripts/check-doc-links.py) read code and comments apart. Standard
library only; not a parser: declarations are the callers' business."""


def code_only(text):
    """The text with every comment and string literal blanked out; newlines stay, so lines still count."""
    out = list(text)
    i = 0
    while i < len(text):
        end = skip_literal_or_comment(text, i)
        if end == i:
            i += 1
            continue
        for k in range(i, end):
            if out[k] != "\n":
                out[k] = " "
        i = end
    return "".join(out)


def skip_literal_or_comment(text, i):
    """Where the comment or string literal starting at i ends, or i when none starts there."""
    if text.startswith("//", i):
        end = text.find("\n", i)
        return len(text) if end < 0 else end
    if text.startswith("/*", i):
        return skip_block_comment(text, i)
    hashes = len(text[i:i + 64]) - len(text[i:i + 64].lstrip("#")) if text[i] == "#" else 0
    if text.startswith('"', i + hashes):
        return skip_string(text, i + hashes, hashes)
    if hashes and text.startswith("/", i + hashes):  # an extended regex literal, #/.../#
        end = text.find("/" + "#" * hashes, i + hashes + 1)
        return len(text) if end < 0 else end + 1 + hashes
    return i


def skip_block_comment(text, i):
    depth = 0
    while i < len(text):
        if text.startswith("/*", i):
            depth, i = depth + 1, i + 2
        elif text.startswith("*/", i):
            depth, i = depth - 1, i + 2
            if depth == 0:
                return i
        else:
            i += 1
    return i


def skip_string(text, i, hashes):
    """The end of the string literal whose quotes start at i: single-line, multi-line or raw."""
    quotes = '"""' if text.startswith('"""', i) else '"'
    close = quotes + "#" * hashes
    escape = "\\" + "#" * hashes
    i += len(quotes)
    while i < len(text):
        if text.startswith(escape + "(", i):
            i = skip_interpolation(text, i + len(escape) + 1)
        elif text.startswith(escape, i):
            i += len(escape) + 1
        elif text.startswith(close, i):
            return i + len(close)
        elif text[i] == "\n" and quotes == '"':
            return i  # an unterminated literal: stop at the end of its line
        else:
            i += 1
    return i


def skip_interpolation(text, i):
    """The end of an interpolation `\\( ... )` whose body starts at i; literals inside it are skipped."""
    depth = 1
    while i < len(text) and depth:
        end = skip_literal_or_comment(text, i)
        if end != i:
            i = end
            continue
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        i += 1
    return i
