"""Fill the English catalogue from scripts/i18n/en.py, then compile it.

    .venv/bin/python manage.py makemessages -l en --ignore ".venv/*" --ignore "var/*" --ignore "tests/*"
    .venv/bin/python scripts/i18n/apply.py

Untranslated strings stay empty (gettext then shows the French source). Compiling uses Django's
gettext's msgfmt; the .mo file is committed so that running the platform needs no gettext tools.
"""

import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "scripts" / "i18n"))
from en import EN  # noqa: E402

PO = ROOT / "cesp" / "locale" / "en" / "LC_MESSAGES" / "django.po"


def unquote(block: str) -> str:
    return "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', block)).replace('\\"', '"').replace("\\n", "\n")


def quote(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n") + '"'


def main() -> None:
    text = PO.read_text(encoding="utf-8")
    pattern = re.compile(r'(msgid ((?:".*"\n)+))msgstr ((?:".*"\n)+)')

    def fill(entry: str) -> str:
        match = pattern.search(entry + "\n")
        source = unquote(match.group(2)) if match else ""
        target = EN.get(source)
        if not source or target is None:
            return entry  # untranslated: a fuzzy guess stays fuzzy, so msgfmt leaves it out
        entry = (entry + "\n").replace(match.group(0), f"{match.group(1)}msgstr {quote(target)}\n")[:-1]
        # Translated now: drop the fuzzy flag (alone or as in "#, fuzzy, python-format") and the
        # previous msgid makemessages kept beside it, otherwise msgfmt skips the entry.
        entry = re.sub(r"^#, fuzzy\n", "", entry, flags=re.M)
        entry = re.sub(r"^#, fuzzy, ", "#, ", entry, flags=re.M)
        return re.sub(r"^#\| .*\n", "", entry, flags=re.M)

    text = "\n\n".join(fill(entry) for entry in text.split("\n\n"))
    PO.write_text(text, encoding="utf-8")
    # The compiled catalogue is committed, so a fresh machine needs no gettext tools.
    subprocess.run(["msgfmt", "--check-format", "-o", str(PO.with_suffix(".mo")), str(PO)], check=True)


if __name__ == "__main__":
    main()
