"""A small strict RFC 5545 reader for the tests (the `icalendar` library is not installed).

Refuses what calendar clients would: bare LF line ends, content lines longer than 75 octets,
unbalanced BEGIN/END, properties outside a component, unescaped commas or semicolons in TEXT.
"""

import re

NAME = re.compile(r"^[A-Z][A-Z0-9-]*$")
TEXT = {"SUMMARY", "DESCRIPTION", "LOCATION", "X-WR-CALNAME"}


class Component(dict):
    def __init__(self, name):
        super().__init__()
        self.name = name
        self.children: list[Component] = []

    def walk(self, name):
        return [c for c in self.children if c.name == name]


def unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        char = value[i]
        if char == "\\":
            nxt = value[i + 1]
            assert nxt in "\\;,nN", f"bad escape \\{nxt}"
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        assert char not in ";,", f"unescaped {char!r} in TEXT {value!r}"
        out.append(char)
        i += 1
    return "".join(out)


def parse(data: bytes | str) -> Component:
    raw = data.encode() if isinstance(data, str) else data
    assert raw.endswith(b"\r\n"), "content lines end with CRLF"
    physical = raw.split(b"\r\n")[:-1]
    for line in physical:
        assert b"\n" not in line and b"\r" not in line, "bare line break"
        assert len(line) <= 75, f"line longer than 75 octets: {line!r}"
    logical: list[str] = []
    for line in physical:
        text = line.decode()
        if text.startswith((" ", "\t")):
            assert logical, "continuation without a line"
            logical[-1] += text[1:]
        else:
            logical.append(text)
    stack: list[Component] = []
    root = None
    for line in logical:
        head, sep, value = line.partition(":")
        assert sep, f"no colon: {line!r}"
        name, *_params = head.split(";")
        assert NAME.match(name), f"bad name {name!r}"
        if name == "BEGIN":
            component = Component(value)
            if stack:
                stack[-1].children.append(component)
            else:
                assert root is None, "two calendars"
                root = component
            stack.append(component)
        elif name == "END":
            assert stack and stack[-1].name == value, f"END:{value} does not close"
            stack.pop()
        else:
            assert stack, f"{name} outside a component"
            stack[-1][name] = unescape(value) if name in TEXT else value
    assert not stack and root is not None and root.name == "VCALENDAR"
    for required in ("VERSION", "PRODID"):
        assert required in root, f"VCALENDAR without {required}"
    for event in root.walk("VEVENT"):
        for required in ("UID", "DTSTAMP", "DTSTART"):
            assert required in event, f"VEVENT without {required}"
    return root
