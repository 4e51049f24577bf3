"""The public API of libseal as its headers declare it: a small parser of include/seal/*.h.

Finds every function and variable declared at file scope (not typedefs, not static inline
functions, not macros), with the header that declares it and the documentation comment right
above it. Used by check_exports.py (the exported symbols of libseal.so) and check_docs.py (every
public declaration documented). Comments and preprocessor lines are ignored; an
`extern "C" {` block is transparent.
"""
import os
import re
from dataclasses import dataclass


@dataclass
class Decl:
    name: str
    kind: str  # "function" or "variable"
    header: str  # file name, e.g. "encrypt.h"
    line: int  # 1-based line of the declaration's first token
    doc: str  # the comment block that ends right before it ("" when none)
    group_of: str = ""  # documented by the comment of this earlier declaration (a family)


def _blank(text, start, end):
    """text with [start, end) replaced by spaces, newlines kept (line numbers stay right)."""
    return text[:start] + re.sub(r"[^\n]", " ", text[start:end]) + text[end:]


def _strip(text):
    """Comments, string literals and preprocessor lines blanked. Returns (code, comments) where
    comments is a list of (end_offset, comment text)."""
    comments = []
    out = []
    i, n = 0, len(text)
    at_line_start = True
    while i < n:
        c = text[i]
        if text.startswith("/*", i):
            j = text.find("*/", i + 2)
            j = n if j < 0 else j + 2
            comments.append((j, text[i:j]))
            out.append(re.sub(r"[^\n]", " ", text[i:j]))
            i = j
            continue
        if text.startswith("//", i):
            j = text.find("\n", i)
            j = n if j < 0 else j
            comments.append((j, text[i:j]))
            out.append(" " * (j - i))
            i = j
            continue
        if c == '"' or c == "'":
            j = i + 1
            while j < n and text[j] != c:
                j += 2 if text[j] == "\\" else 1
            j = min(j + 1, n)
            out.append(c + " " * (j - i - 2) + c if j - i >= 2 else text[i:j])
            i = j
            continue
        if c == "#" and at_line_start:
            # a preprocessor line, with its continuations (comments inside are rare: ignored)
            j = i
            while True:
                k = text.find("\n", j)
                if k < 0:
                    k = n
                    break
                if text[k - 1] == "\\":
                    j = k + 1
                    continue
                break
            out.append(re.sub(r"[^\n]", " ", text[i:k]))
            i = k
            continue
        if c == "\n":
            at_line_start = True
        elif not c.isspace():
            at_line_start = False
        out.append(c)
        i += 1
    return "".join(out), comments


def _remove_attributes(s):
    """__attribute__((...)) and SEAL_MUST_CHECK-like macros are not names."""
    while True:
        m = re.search(r"__attribute__\s*\(", s)
        if not m:
            return s
        depth, j = 0, m.end() - 1
        while j < len(s):
            if s[j] == "(":
                depth += 1
            elif s[j] == ")":
                depth -= 1
                if depth == 0:
                    break
            j += 1
        s = s[: m.start()] + " " * (j + 1 - m.start()) + s[j + 1 :]


def parse_header(path):
    text = open(path, encoding="utf-8").read()
    code, comments = _strip(text)
    code = re.sub(r'extern\s*"\s*"\s*\{', lambda m: " " * len(m.group(0)), code)
    header = os.path.basename(path)
    decls = []
    depth = 0
    start = 0  # offset where the current file-scope declaration starts
    i = 0
    n = len(code)
    while i < n:
        c = code[i]
        if c == "{":
            depth += 1
        elif c == "}":
            if depth == 0:  # the end of an extern "C" block
                start = i + 1
            else:
                depth -= 1
                if depth == 0 and re.match(r"\s*;", code[i + 1 :]) is None:
                    # the end of a function body (static inline): the declaration is over
                    _declaration(code[start : i + 1], start, text, comments, header, decls)
                    start = i + 1
        elif c == ";" and depth == 0:
            _declaration(code[start:i], start, text, comments, header, decls)
            start = i + 1
        i += 1
    return decls


def _declaration(s, offset, text, comments, header, decls):
    lead = len(s) - len(s.lstrip())
    first = offset + lead
    s = s.strip()
    if not s:
        return
    words = re.findall(r"[A-Za-z_]\w*", s.split("(")[0])
    if not words or words[0] == "typedef" or "static" in words:
        return  # a type, or a static (inline) function: no symbol
    # drop bodies of struct/enum/union definitions and function bodies
    flat, depth = [], 0
    for ch in s:
        if ch == "{":
            depth += 1
        elif ch == "}":
            depth -= 1
        elif depth == 0:
            flat.append(ch)
    flat = _remove_attributes("".join(flat))
    line = text.count("\n", 0, first) + 1
    doc = ""
    for end, body in comments:
        gap = text[end:first]
        if gap.strip() == "":
            doc = body
    m = re.search(r"([A-Za-z_]\w*)\s*\(", flat)
    if m and not re.search(r"\(\s*\*", flat[: m.end() + 8]):
        decls.append(Decl(m.group(1), "function", header, line, doc))
        return
    if re.match(r"extern\b", flat):
        # variables: each declarator's name is the identifier before [, = or the end
        for part in flat.split(","):
            part = re.sub(r"\[.*?\]", "", part.split("=")[0]).strip()
            names = re.findall(r"[A-Za-z_]\w*", part)
            if names:
                decls.append(Decl(names[-1], "variable", header, line, doc))


def _group_docs(decls, text):
    """A declaration without its own comment, written right under a documented one (no blank
    line between them), shares that one's comment: the headers document small families of
    functions with one comment (seal_dem_ctx_*: init, aad, update, finals, clear)."""
    lines = text.split("\n")
    for prev, d in zip(decls, decls[1:]):
        if d.doc or not prev.doc:
            continue
        between = lines[prev.line - 1 : d.line - 1]
        if all(l.strip() for l in between):
            d.doc = prev.doc
            d.group_of = prev.group_of or prev.name


def public_api(include_dir):
    """Every declaration of include_dir/*.h, sorted by header and line."""
    out = []
    for f in sorted(os.listdir(include_dir)):
        if f.endswith(".h"):
            path = os.path.join(include_dir, f)
            decls = parse_header(path)
            _group_docs(decls, open(path, encoding="utf-8").read())
            out.extend(decls)
    return out
