#!/usr/bin/env python3
"""Golden tests that run the real parley binary.

Three corpora, all run from the repository root so paths in messages are stable:

* tests/scenarios/bad/NAME.{yaml,json,csv,xml}: `parley validate FILE` must exit as NAME.expected says and
  print exactly its diagnostics (NAME.expected: first line `exit: N`, then the expected standard error).
* tests/scenarios/good/NAME.yaml with NAME.json: both validate; their `show --format json` outputs are
  byte-identical; converting either to the other format and reading it back gives the same output again.
* tests/cli/golden/NAME.golden: one command line and its exact exit status, standard output and error.

`--update` rewrites the expected files from what the binary does now; review the diff like code.
"""
import argparse
import difflib
import os
import subprocess
import sys
import tempfile

SCENARIO_EXTS = (".yaml", ".yml", ".json", ".csv", ".xml")


def run(parley, args, root):
    proc = subprocess.run([parley] + args, cwd=root, capture_output=True, timeout=120)
    return proc.returncode, proc.stdout.decode("utf-8", "replace"), proc.stderr.decode("utf-8", "replace")


def diff(expected, actual, label):
    return "".join(difflib.unified_diff(expected.splitlines(True), actual.splitlines(True),
                                        "expected " + label, "actual " + label))


def bad_cases(parley, root, update):
    failures, count = [], 0
    folder = os.path.join(root, "tests", "scenarios", "bad")
    for name in sorted(os.listdir(folder)):
        stem, ext = os.path.splitext(name)
        if ext not in SCENARIO_EXTS:
            continue
        count += 1
        rel = os.path.join("tests", "scenarios", "bad", name)
        extra = []
        opts = os.path.join(folder, stem + ".args")
        if os.path.exists(opts):
            extra = open(opts).read().split()
        code, _, err = run(parley, ["validate", rel] + extra, root)
        actual = "exit: %d\n%s" % (code, err)
        expected_path = os.path.join(folder, stem + ".expected")
        if update:
            with open(expected_path, "w") as f:
                f.write(actual)
            continue
        if not os.path.exists(expected_path):
            failures.append("%s: no %s.expected (run with --update)" % (rel, stem))
            continue
        expected = open(expected_path).read()
        if expected != actual:
            failures.append("%s:\n%s" % (rel, diff(expected, actual, stem + ".expected")))
        elif code not in (64, 65, 66):
            failures.append("%s: a bad file must fail with 64, 65 or 66, got %d" % (rel, code))
    return count, failures


def good_cases(parley, root):
    failures, count = [], 0
    folder = os.path.join(root, "tests", "scenarios", "good")
    for name in sorted(os.listdir(folder)):
        stem, ext = os.path.splitext(name)
        if ext != ".yaml":
            continue
        count += 1
        yaml_rel = os.path.join("tests", "scenarios", "good", name)
        json_rel = os.path.join("tests", "scenarios", "good", stem + ".json")
        if not os.path.exists(os.path.join(root, json_rel)):
            failures.append("%s: its JSON twin %s is missing" % (yaml_rel, json_rel))
            continue
        shows = {}
        for rel in (yaml_rel, json_rel):
            code, out, err = run(parley, ["show", rel, "--format", "json"], root)
            if code != 0:
                failures.append("%s: show exited %d\n%s" % (rel, code, err))
            shows[rel] = out
        if shows[yaml_rel] != shows[json_rel]:
            failures.append("%s and its JSON twin differ:\n%s" % (yaml_rel, diff(shows[yaml_rel], shows[json_rel], "show")))
            continue
        with tempfile.TemporaryDirectory() as tmp:
            for rel, to in ((yaml_rel, "json"), (json_rel, "yaml")):
                out_path = os.path.join(tmp, stem + "." + to)
                code, _, err = run(parley, ["convert", rel, "--to", to, "-o", out_path], root)
                if code != 0:
                    failures.append("%s: convert --to %s exited %d\n%s" % (rel, to, code, err))
                    continue
                code, out, err = run(parley, ["show", out_path, "--format", "json"], root)
                if out != shows[yaml_rel]:
                    failures.append("%s: convert --to %s is not lossless:\n%s" % (rel, to, diff(shows[yaml_rel], out, "show")))
    return count, failures


def parse_golden(text):
    lines = text.split("\n", 2)
    command = lines[0][len("$ parley "):]
    code = int(lines[1][len("exit: "):])
    body = lines[2]
    out_mark, err_mark = "--- stdout\n", "--- stderr\n"
    out = body[len(out_mark):body.index(err_mark)]
    err = body[body.index(err_mark) + len(err_mark):]
    return command, code, out, err


def writes_page(command):
    """Whether a golden's command asks for the report page (report's default format)."""
    words = command.split()
    return bool(words) and words[0] == "report" and not any(w in ("md", "json", "--format=md", "--format=json") for w in words)


def golden_cases(parley, root, update, without_web=False):
    failures, count = [], 0
    folder = os.path.join(root, "tests", "cli", "golden")
    for name in sorted(os.listdir(folder)):
        if not name.endswith(".golden"):
            continue
        count += 1
        path = os.path.join(folder, name)
        command, code, out, err = parse_golden(open(path).read())
        actual = run(parley, command.split(), root)
        if without_web and writes_page(command) and code in (0, 73):
            # Its golden is the page, or an error in writing it: such a build must refuse the page instead.
            if actual[0] != 64 or "without Node.js" not in actual[2]:
                failures.append("%s: built without the page, expected exit 64 saying so, got %d: %s"
                                % (name, actual[0], actual[2][:300]))
            continue
        rendered = "$ parley %s\nexit: %d\n--- stdout\n%s--- stderr\n%s" % (command, actual[0], actual[1], actual[2])
        if update:
            with open(path, "w") as f:
                f.write(rendered)
            continue
        if (code, out, err) != actual:
            expected = "$ parley %s\nexit: %d\n--- stdout\n%s--- stderr\n%s" % (command, code, out, err)
            failures.append("%s:\n%s" % (name, diff(expected, rendered, name)))
    return count, failures


def terminal_cases(parley, root, without_web=False):
    """What parley does when standard output is a terminal: `report` refuses to pour HTML onto it, and writes
    the page when standard output is a file."""
    import pty
    failures = []
    master, slave = pty.openpty()
    try:
        proc = subprocess.run([parley, "report", "examples/geneva.yaml"], cwd=root, stdout=slave,
                              stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, timeout=120)
    finally:
        os.close(slave)
    seen = b""
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:
            break
        if not chunk:
            break
        seen += chunk
    os.close(master)
    err = proc.stderr.decode()
    if proc.returncode != 64 or "-o NAME.html" not in err or seen:
        failures.append("report on a terminal: expected exit 64, a message naming -o and nothing on the terminal; "
                        "got %d, %r and %d bytes" % (proc.returncode, err, len(seen)))
    with tempfile.TemporaryFile() as out:
        proc = subprocess.run([parley, "report", "examples/geneva.yaml"], cwd=root, stdout=out,
                              stderr=subprocess.PIPE, timeout=120)
        out.seek(0)
        if without_web:
            if proc.returncode != 64 or b"without Node.js" not in proc.stderr or out.read(1):
                failures.append("report into a file, built without the page: expected exit 64 saying so and "
                                "nothing written, got exit %d" % proc.returncode)
        elif proc.returncode != 0 or not out.read(15).startswith(b"<!DOCTYPE html>"):
            failures.append("report into a file: expected the page, got exit %d" % proc.returncode)
    return 2, failures


def special_files_cases(parley, root):
    """-o onto something that is not a regular file: a named pipe (as /dev/null or /dev/stdout) is written in place,
    never replaced by a file; a symbolic link keeps pointing where it did, and its target gets the output."""
    import stat
    import threading
    failures = []
    expected = subprocess.run([parley, "convert", "examples/geneva.yaml", "--to", "json"], cwd=root,
                              capture_output=True, timeout=60).stdout
    with tempfile.TemporaryDirectory() as tmp:
        fifo = os.path.join(tmp, "pipe")
        os.mkfifo(fifo)
        got = []
        reader = threading.Thread(target=lambda: got.append(open(fifo, "rb").read()), daemon=True)
        reader.start()
        proc = subprocess.run([parley, "convert", "examples/geneva.yaml", "--to", "json", "-o", fifo], cwd=root,
                              capture_output=True, timeout=60)
        reader.join(timeout=60)
        if proc.returncode != 0 or not stat.S_ISFIFO(os.lstat(fifo).st_mode) or got != [expected]:
            failures.append("-o onto a named pipe: expected it written in place and still a pipe; got exit %d, %s"
                            % (proc.returncode, "a pipe" if stat.S_ISFIFO(os.lstat(fifo).st_mode) else "a file"))
        real, link = os.path.join(tmp, "real.json"), os.path.join(tmp, "link.json")
        open(real, "w").write("old")
        os.symlink("real.json", link)
        proc = subprocess.run([parley, "convert", "examples/geneva.yaml", "--to", "json", "-o", link], cwd=root,
                              capture_output=True, timeout=60)
        if proc.returncode != 0 or not os.path.islink(link) or open(real, "rb").read() != expected:
            failures.append("-o onto a symbolic link: expected the link kept and its target written; got exit %d"
                            % proc.returncode)
    # Standard output that cannot take the output (a full disk): stability streams its output there, and must say
    # so and fail rather than exit 0 with nothing written.
    if os.path.exists("/dev/full"):
        with open("/dev/full", "wb") as full:
            proc = subprocess.run([parley, "stability", "examples/geneva.yaml", "--format", "json"], cwd=root,
                                  stdout=full, stderr=subprocess.PIPE, timeout=60)
        if proc.returncode != 73 or b"cannot write the output" not in proc.stderr:
            failures.append("stability onto a full disk: expected exit 73 saying it cannot write; got exit %d, %r"
                            % (proc.returncode, proc.stderr[:200]))
    return 3, failures


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--parley", required=True)
    ap.add_argument("--root", required=True)
    ap.add_argument("--update", action="store_true")
    ap.add_argument("--without-web", action="store_true",
                    help="parley was built without the web bundles: goldens that write the report page must refuse it")
    args = ap.parse_args()
    parley = os.path.abspath(args.parley)
    total_failures, total = [], 0
    for label, result in (("bad scenarios", bad_cases(parley, args.root, args.update)),
                          ("good twins", good_cases(parley, args.root)),
                          ("CLI goldens", golden_cases(parley, args.root, args.update, args.without_web)),
                          ("terminal", terminal_cases(parley, args.root, args.without_web)),
                          ("special files", special_files_cases(parley, args.root))):
        count, failures = result
        total += count
        total_failures += failures
        print("%s: %d cases, %d failed" % (label, count, len(failures)))
    for f in total_failures:
        print("FAIL " + f)
    print("%d passed, %d failed" % (total - len(total_failures), len(total_failures)))
    return 1 if total_failures else 0


if __name__ == "__main__":
    sys.exit(main())
