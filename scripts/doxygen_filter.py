#!/usr/bin/env python3
"""Doxygen input filter for include/seal/*.h (docs/Doxyfile.in, target docs-api).

The public headers document every declaration in plain C comments, the house style: the block
comment right above a function, type or macro, and a comment after a struct member or enum
value on its line. Doxygen reads only its own comment markers, so this filter turns them into
Doxygen's, line for line (line numbers in warnings stay right), without touching the headers:

  * the file's first comment becomes the file's description (@file);
  * a comment that starts a line becomes a documentation block for what follows (/** ... */),
    except section rulers (/* ---- name ---- */), which stay plain comments;
  * a comment after code on its line documents that member (/**< ... */);
  * a comment above several declarations (no blank line between them, no other comment above
    one of them) documents all of them: they become a member group whose documentation is the
    comment (DISTRIBUTE_GROUP_DOC), as in "encode / decode" pairs.

usage: doxygen_filter.py HEADER   (prints the filtered text)
"""
import re
import sys

RULER = re.compile(r"^\s*/\*\s*[-=]{3,}")
TRAILING = re.compile(r"^(\s*\S.*?\S\s*)/\*(?![*!<])")


def escape_comments(text):
    """The comments are plain text: characters Doxygen reads as commands, HTML or links
    (\\ @ < > & # % $ ::) are escaped (a line's length changes, never the line count)."""
    def esc(m):
        body = re.sub(r"(::|[\\@<>&#%$])", r"\\\1", m.group(2))
        return m.group(1) + body + m.group(3)
    return re.sub(r"(/\*)(.*?)(\*/)", esc, text, flags=re.S)


def filter_text(text):
    lines = escape_comments(text).split("\n")
    out = []
    first = True
    in_comment = False
    file_comment = False
    for line in lines:
        if in_comment:
            if "*/" in line:
                in_comment = False
                if file_comment:
                    end = line.index("*/")
                    line = line[:end] + "@file " + line[end:]
                    file_comment = False
            out.append(line)
            continue
        stripped = line.lstrip()
        if stripped.startswith("/*") and not stripped.startswith(("/**", "/*!")):
            start = line.index("/*")
            in_comment = "*/" not in line[start + 2:]
            if first:
                end = line.rindex("*/") if not in_comment else -1
                line = line.replace("/*", "/**", 1) if end < 0 else \
                    line[:end].replace("/*", "/**", 1) + " @file */" + line[end + 2:]
                file_comment = in_comment
            elif not RULER.match(line):
                line = line.replace("/*", "/**", 1)
                out.append(None)  # group start candidate, resolved below
            first = False
        elif stripped.startswith("//") or stripped.startswith("#"):
            pass
        else:
            m = TRAILING.match(line)
            if m and '"' not in m.group(1):
                line = m.group(1) + "/**<" + line[m.end():]
                in_comment = "*/" not in line[len(m.group(1)) + 4:]
        out.append(line)
    return "\n".join(group(out))


def group(marked):
    """Resolves the markers (None before each documentation block's first line)."""
    res = []
    i = 0
    n = len(marked)
    while i < n:
        if marked[i] is not None:
            res.append(marked[i])
            i += 1
            continue
        # the block comment starting at marked[i + 1], then the declarations after it
        j = i + 1
        while "*/" not in marked[j]:
            j += 1
        last, decls = run_end(marked, j + 1)
        ok = decls >= 2 and not re.search(r"/\*(?!.*\*/)", marked[last]) and \
            not marked[last].rstrip().endswith("\\")
        close_next = marked[last].lstrip().startswith("#")
        if close_next:  # a marker on a #define line would belong to the macro: use the next
            ok = ok and last + 1 < n and marked[last + 1] is not None and \
                marked[last + 1].strip() == ""
        if not ok:
            i += 1
            continue
        res += marked[i + 1:j]
        res.append(marked[j] + " /**@{*/")
        res += marked[j + 1:last]
        if close_next:
            res += [marked[last], "/**@}*/"]
            i = last + 2
        else:
            res.append(marked[last] + " /**@}*/")
            i = last + 1
    return res


def run_end(marked, k):
    """The declarations from line k up to a blank line, a comment line or the end of the
    enclosing struct: (index of the last line that ends one at brace depth 0, their count)."""
    n = len(marked)
    last, decls, depth = k - 1, 0, 0
    while k < n and marked[k] is not None and marked[k].strip() != "" and \
            not marked[k].lstrip().startswith("/*"):
        code = re.sub(r"/\*.*?(\*/|$)", "", marked[k])
        depth += code.count("{") - code.count("}")
        if depth < 0:
            break
        if depth == 0 and (code.rstrip().endswith(";") or code.lstrip().startswith("#define")):
            decls += 1
            last = k
        k += 1
    return last, decls


def main():
    if len(sys.argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(sys.argv[1], encoding="utf-8") as f:
        sys.stdout.write(filter_text(f.read()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
