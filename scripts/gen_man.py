#!/usr/bin/env python3
"""Man pages for `seal` generated from its --help, so that the two cannot drift.

usage: gen_man.py SEAL_BINARY OUTDIR [--version V]    (what the build runs: target man)
       gen_man.py SEAL_BINARY --check MANDIR          (the test man_pages)

Walks the command tree the way a user would: `seal --help` lists the commands; `seal CMD --help`
either prints a command's usage (usage line, summary, description, options) or, for a command
with subcommands, its own list (sections "...:" of lines "  NAME   summary"), and then each
`seal CMD SUB --help` is read the same way, to any depth. A listed subcommand whose usage line
names another command (`seal localnet committee` prints `seal committee`'s list) is an alias:
its page refers to the other one.

Writes seal.1 (the command list) and one page per command, seal-CMD.1, with its subcommands as
sections. --check regenerates into memory and fails when a page in MANDIR differs or is
missing, when any --help in the tree fails, or when an option of a --help is missing from its
page; every problem is one line saying what to do.
"""
import os
import re
import subprocess
import sys

USAGE_RE = re.compile(r"^usage: (seal(?: [a-z0-9][a-z0-9-]*)*)(.*)$")


class HelpError(Exception):
    pass


def run_help(seal, words):
    argv = [seal] + words + ["--help"]
    p = subprocess.run(argv, capture_output=True, text=True, timeout=60,
                       env=dict(os.environ, LC_ALL="C"))
    cmd = " ".join(["seal"] + words + ["--help"])
    if p.returncode != 0:
        err = (p.stderr.strip().splitlines() or [""])[0]
        raise HelpError(f"`{cmd}` exits {p.returncode} ({err}): every command and subcommand "
                        "that a --help lists must answer --help with exit 0")
    if not p.stdout.startswith("usage: "):
        raise HelpError(f"`{cmd}` does not start with 'usage: seal ...'")
    return p.stdout


def sections(text):
    """Splits a help text into (header, lines) blocks at blank lines."""
    blocks, cur = [], []
    for line in text.rstrip("\n").split("\n"):
        if line.strip() == "":
            if cur:
                blocks.append(cur)
            cur = []
        else:
            cur.append(line)
    if cur:
        blocks.append(cur)
    return blocks


LIST_ITEM = re.compile(r"^  ([a-z0-9][a-z0-9-]*(?: [a-z0-9][a-z0-9-]*)*)\s{2,}(\S.*)$")


def listed_subcommands(text):
    """Subcommands a dispatcher's help lists: lines "  NAME   summary" right under a line
    ending with ':' (sections such as "subcommands:", "on-chain steps:")."""
    subs = []
    for block in sections(text):
        for i, line in enumerate(block):
            if line.endswith(":") and not line.startswith(" "):
                for item in block[i + 1:]:
                    m = LIST_ITEM.match(item)
                    if not m:
                        break
                    subs.append((m.group(1), m.group(2)))
    return subs


def parse_options(lines):
    """Option rows of an "options:" section: [(left, help)]."""
    opts = []
    for line in lines:
        if line.startswith("  -"):
            m = re.match(r"^  (\S.*?)(?:\s{2,}(\S.*))?$", line)
            opts.append([m.group(1), m.group(2) or ""])
        elif line.startswith("    ") and opts:
            opts[-1][1] = (opts[-1][1] + " " + line.strip()).strip()
    return opts


class Command:
    def __init__(self, words, text):
        self.words = words
        self.text = text
        first = text.split("\n", 1)[0][len("usage: "):]
        expected = " ".join(["seal"] + words)
        if first == expected or first.startswith(expected + " "):
            self.usage_name, self.synopsis = expected, first[len(expected):].strip()
        else:  # another command's usage (an alias): its name is the leading plain words
            m = USAGE_RE.match("usage: " + first)
            self.usage_name = m.group(1) if m else first
            self.synopsis = m.group(2).strip() if m else ""
        self.subcommands = []  # Command objects
        self.alias_of = None
        self.summary = ""

    @property
    def name(self):
        return " ".join(["seal"] + self.words)

    def is_dispatcher(self):
        return self.synopsis.startswith("SUBCOMMAND")


def walk(seal, words, summary, problems, depth=0):
    try:
        text = run_help(seal, words)
    except HelpError as e:
        problems.append(str(e))
        return None
    c = Command(words, text)
    c.summary = summary
    expected = " ".join(["seal"] + words)
    if c.usage_name != expected:
        if depth > 1 or (words and c.usage_name.startswith("seal ") and c.is_dispatcher()):
            c.alias_of = c.usage_name
            return c
        problems.append(f"`{expected} --help` names '{c.usage_name}' in its usage line: the "
                        f"usage line starts with 'usage: {expected}'")
        return c
    if c.is_dispatcher() or not words:
        subs = listed_subcommands(text) if words else top_commands(text)
        if not subs:
            problems.append(f"`{expected} --help` lists no subcommands (a section ending with "
                            "':' followed by lines '  NAME   summary')")
        for sub, sub_summary in subs:
            child = walk(seal, words + sub.split(" "), sub_summary, problems, depth + 1)
            if child is not None:
                c.subcommands.append(child)
    return c


def top_commands(text):
    for block in sections(text):
        if block[0] == "commands:":
            return [(m.group(1), m.group(2)) for m in map(LIST_ITEM.match, block[1:]) if m]
    return []


# ---- roff ------------------------------------------------------------------------------------

def esc(s):
    s = s.replace("\\", "\\e")
    # options and dashes of option-like tokens are minus signs
    s = re.sub(r"(?<![\w-])(--?)(?=[A-Za-z])", lambda m: m.group(1).replace("-", "\\-"), s)
    return s


def line_safe(s):
    s = esc(s)
    if s.startswith((".", "'")):
        s = "\\&" + s
    return s


def text_block(lines):
    """Help prose as roff: paragraphs filled; indented lines, examples (seal ...) and aligned
    tables kept as they are."""
    out = []
    literal = False
    for line in lines:
        keep = line.startswith(" ") or line.startswith("seal ") or re.search(r"\S\s{3,}\S", line)
        if keep and not literal:
            out.append(".nf")
            literal = True
        elif not keep and literal:
            out.append(".fi")
            literal = False
        out.append(line_safe(line))
    if literal:
        out.append(".fi")
    return out


def describe(c):
    """(summary, description blocks, option rows, exit line) of a command's help. A command's
    own help (cli_print_help) has its summary right after the usage line; a dispatcher's list
    starts with prose."""
    blocks = sections(c.text)[1:]  # after the usage line
    summary, desc, opts, exit_line = "", [], [], ""
    if blocks and not c.is_dispatcher() and c.words:
        summary = " ".join(blocks[0])
        blocks = blocks[1:]
    for b in blocks:
        if b[0] == "options:":
            opts = parse_options(b[1:])
            continue
        if b[-1].startswith("exit status:"):
            exit_line = b[-1]
            b = b[:-1]
        if b:
            desc.append(b)
    return summary, desc, opts, exit_line


def option_lines(opts):
    out = []
    for left, hlp in opts:
        out.append(".TP")
        m = re.match(r"^(-\S+(?:, -\S+)?)(?: (.*))?$", left)
        flag, meta = (m.group(1), m.group(2)) if m else (left, None)
        out.append(f"\\fB{esc(flag)}\\fR" + (f" \\fI{esc(meta)}\\fR" if meta else ""))
        out.append(line_safe(hlp))
    return out


def command_body(c, level, page_exit=""):
    out = []
    if c.alias_of:
        out.append(".PP")
        out.append(f"The same as \\fB{esc(c.alias_of)}\\fR: see {page_ref(c.alias_of)}.")
        return out
    summary, desc, opts, exit_line = describe(c)
    if level:
        out.append(".PP")
        out.append(f"\\fB{esc(c.name)}\\fR {esc(c.synopsis)}")
        out.append(".PP")
        out.append(line_safe(summary or c.summary))
    for b in desc:
        if c.is_dispatcher() and b[0].endswith(":") and listed_subcommands("\n".join(b)):
            continue  # the list is the sections that follow
        out.append(".PP")
        out += text_block(b)
    if opts and level:
        out.append(".PP")
        out.append("Options:")
        out.append(".RS")
        out += option_lines(opts)
        out.append(".RE")
    elif opts:
        out.append(".SH OPTIONS")
        out += option_lines(opts)
    if exit_line and level and exit_line != page_exit:
        out.append(".PP")
        out.append(line_safe(exit_line[0].upper() + exit_line[1:]))
    return out


def page_ref(usage_name):
    return "\\fB" + "\\-".join(usage_name.split(" ")[:2]) + "\\fR(1)"


def page_name(c):
    return "seal" if not c.words else "seal-" + c.words[0]


def th(name, version):
    title = name.upper().replace("-", "\\-")
    return [f'.TH {title} 1 "" "seal {version}" "Seal manual"', ".ad l", ".nh"]


def top_page(root, version):
    out = ['.\\" Generated by scripts/gen_man.py from seal --help: do not edit.']
    out += th("seal", version)
    out += [".SH NAME", "seal \\- Seal threshold identity-based encryption: tools, client, key "
            "server, local chain", ".SH SYNOPSIS", "\\fBseal\\fR \\fICOMMAND\\fR [\\fIOPTIONS\\fR]",
            ".br", "\\fBseal\\fR \\-\\-version | \\-\\-help | help \\fICOMMAND\\fR",
            ".SH DESCRIPTION"]
    blocks = sections(root.text)[1:]
    exit_line = ""
    for b in blocks:
        if b[0] == "commands:":
            continue
        if b[-1].startswith("exit status:"):
            exit_line = b[-1]
            b = b[:-1]
        if b:
            out.append(".PP")
            out += text_block(b)
    out.append(".SH COMMANDS")
    for c in root.subcommands:
        out += [".TP", f"\\fB{esc(c.words[0])}\\fR", line_safe(c.summary) + " (" +
                page_ref(c.name) + ")"]
    out += exit_section(exit_line)
    out += [".SH SEE ALSO", ", ".join(page_ref(c.name) for c in root.subcommands) + "."]
    return "\n".join(out) + "\n"


def exit_section(exit_line):
    if not exit_line:
        return []
    text = re.sub(r"^exit status:\s*", "", exit_line)
    out = [".SH EXIT STATUS"]
    for part in text.split(", "):
        m = re.match(r"^(\d+) (.*)$", part)
        if m:
            out += [".TP", f"\\fB{m.group(1)}\\fR", line_safe(m.group(2))]
        else:
            out.append(line_safe(part))
    return out


def command_page(c, version):
    out = ['.\\" Generated by scripts/gen_man.py from seal --help: do not edit.']
    out += th(page_name(c), version)
    dashed = page_name(c).replace("-", "\\-")
    out += [".SH NAME", f"{dashed} \\- {esc(c.summary)}", ".SH SYNOPSIS"]
    leaves = [c] if not c.subcommands else c.subcommands
    first = True
    for leaf in leaves:
        if not first:
            out.append(".br")
        first = False
        out.append(f"\\fB{esc(leaf.name)}\\fR {esc(leaf.synopsis)}" if not leaf.alias_of else
                   f"\\fB{esc(leaf.name)}\\fR ... (see {page_ref(leaf.alias_of)})")
    out.append(".SH DESCRIPTION")
    out += command_body(c, 0)
    exit_line = describe(c)[3]
    if c.subcommands:
        out.append(".SH SUBCOMMANDS")
        for s in flatten(c.subcommands):
            out.append(f".SS {line_safe(s.name)}")
            out += command_body(s, 1, exit_line)
    out += exit_section(exit_line)
    others = {page_ref(s.alias_of) for s in flatten(c.subcommands) if s.alias_of}
    others.discard(page_ref(c.name))
    out += [".SH SEE ALSO", "\\fBseal\\fR(1)" + "".join(", " + r for r in sorted(others)) + "."]
    return "\n".join(out) + "\n"


def flatten(cmds):
    for c in cmds:
        yield c
        yield from flatten(c.subcommands)


def generate(seal, version):
    problems = []
    root = walk(seal, [], "", problems)
    pages = {}
    if root is None:
        return pages, problems, None
    pages["seal.1"] = top_page(root, version)
    for c in root.subcommands:
        pages[page_name(c) + ".1"] = command_page(c, version)
    return pages, problems, root


def check_options(root, pages):
    """Every option of every --help appears in the page of its command."""
    problems = []
    for top in root.subcommands:
        page = pages.get(page_name(top) + ".1", "")
        for c in [top] + list(flatten(top.subcommands)):
            if c.alias_of:
                continue
            for left, _ in describe(c)[2]:
                flag = left.split(" ")[0].rstrip(",")
                if f"\\fB{esc(flag)}" not in page:
                    problems.append(f"{c.name}: option {flag} of --help is missing from "
                                    f"{page_name(top)}.1")
    return problems


def version_of(seal):
    p = subprocess.run([seal, "--version"], capture_output=True, text=True, timeout=60)
    return p.stdout.split()[-1] if p.returncode == 0 and p.stdout.strip() else "unknown"


def main():
    args = sys.argv[1:]
    if len(args) == 3 and args[1] == "--check":
        seal, mandir = args[0], args[2]
        pages, problems, root = generate(seal, version_of(seal))
        if root is not None:
            on_disk = {}
            for name in pages:
                path = os.path.join(mandir, name)
                if os.path.exists(path):
                    on_disk[name] = open(path, encoding="utf-8").read()
            problems += check_options(root, on_disk)
        for name, text in sorted(pages.items()):
            path = os.path.join(mandir, name)
            if not os.path.exists(path):
                problems.append(f"{path} is missing: rebuild (target man)")
            elif open(path, encoding="utf-8").read() != text:
                problems.append(f"{path} differs from what --help gives: rebuild (target man)")
        for f in sorted(os.listdir(mandir)) if os.path.isdir(mandir) else []:
            if f.endswith(".1") and f not in pages:
                problems.append(f"{os.path.join(mandir, f)}: no such command any more")
        for p in problems:
            print("gen_man: " + p)
        n_cmds = sum(1 for _ in flatten(root.subcommands)) if root else 0
        print(f"gen_man: {len(pages)} pages, {n_cmds} commands and subcommands, "
              f"{len(problems)} problems")
        return 1 if problems else 0
    if len(args) not in (2, 4):
        print(__doc__, file=sys.stderr)
        return 2
    seal, outdir = args[0], args[1]
    version = args[3] if len(args) == 4 and args[2] == "--version" else version_of(seal)
    pages, problems, _ = generate(seal, version)
    # The build does not stop here: a command whose --help fails gets no section, and the test
    # man_pages (--check) reports it.
    for p in problems:
        print("gen_man: warning: " + p, file=sys.stderr)
    if not pages:
        return 1
    os.makedirs(outdir, exist_ok=True)
    for f in os.listdir(outdir):
        if f.endswith(".1") and f not in pages:
            os.remove(os.path.join(outdir, f))
    for name, text in pages.items():
        path = os.path.join(outdir, name)
        if not os.path.exists(path) or open(path, encoding="utf-8").read() != text:
            with open(path + ".tmp", "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(path + ".tmp", path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
