"""The audit chain of `parley serve`, recomputed independently of parley, as docs/serve.md ("The audit log")
specifies it: each entry's hash is the SHA-256 of the previous hash, a line break, and {seq, time, actor,
action, detail} as one line of JSON with ", " and ": " separators, strings as RFC 8259 with non-ASCII kept,
numbers in shortest round-trip form. Shared by api_test.py and durability_test.py."""
import decimal
import hashlib
import json
import math

GENESIS = "0" * 64
HASHED = ("seq", "time", "actor", "action", "detail")


def shortest(x):
    """A double in shortest round-trip form, as C++ std::to_chars writes it: fixed or scientific, whichever is
    shorter, fixed on a tie."""
    if x == 0:
        return "-0" if math.copysign(1, x) < 0 else "0"
    sign, digits, exp = decimal.Decimal(repr(x)).as_tuple()
    digits = "".join(map(str, digits)).lstrip("0") or "0"
    stripped = digits.rstrip("0")
    exp += len(digits) - len(stripped)
    digits, n = stripped, len(stripped)
    if exp >= 0:
        fixed = digits + "0" * exp
    elif -exp < n:
        fixed = digits[:n + exp] + "." + digits[n + exp:]
    else:
        fixed = "0." + "0" * (-exp - n) + digits
    e10 = exp + n - 1
    sci = digits[0] + ("." + digits[1:] if n > 1 else "") + "e" + ("-" if e10 < 0 else "+") + f"{abs(e10):02d}"
    text = fixed if len(fixed) <= len(sci) else sci
    return ("-" if sign else "") + text


def canonical(value):
    """One line of JSON, as the chain hashes it."""
    if value is None or isinstance(value, bool):
        return {None: "null", True: "true", False: "false"}[value]
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        return shortest(value)
    if isinstance(value, str):
        return json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(canonical(v) for v in value) + "]"
    return "{" + ", ".join(json.dumps(k, ensure_ascii=False) + ": " + canonical(v) for k, v in value.items()) + "}"


def entry_line(entry):
    return canonical({k: entry[k] for k in HASHED})


def entry_hash(entry):
    return hashlib.sha256((entry["prev"] + "\n" + entry_line(entry)).encode()).hexdigest()


def chain_problem(log):
    """None when every entry is in sequence, linked to the one before, and hashes to its `hash`; else what
    breaks first."""
    entries = log.get("entries", [])
    if not entries:
        return "no entries"
    prev = GENESIS
    for i, e in enumerate(entries):
        if e.get("seq") != i + 1 or e.get("prev") != prev or e.get("hash") != entry_hash(e):
            return f"entry {i + 1} breaks the chain: {e}"
        prev = e["hash"]
    return None
