#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""Every source file that marks strings for translation is in po/POTFILES.in,
and every file listed there exists."""
import pathlib
import re
import sys

root = pathlib.Path(sys.argv[1])
listed = {line.strip() for line in (root / "po" / "POTFILES.in").read_text().splitlines()
          if line.strip() and not line.startswith("#")}
marker = re.compile(r'(^|[^A-Za-z0-9_])(N?_|C_|NC_|ngettext|g_dngettext)\s*\(|translatable="yes"|<summary>')
marked = {str(path.relative_to(root)) for pattern in ("src/**/*.c", "src/**/*.ui", "data/**/*.in", "data/**/*.xml")
          for path in root.glob(pattern) if marker.search(path.read_text(errors="replace"))}

missing = sorted(marked - listed)
stale = sorted(path for path in listed if not (root / path).exists())
for path in missing:
    print(f"not in po/POTFILES.in: {path}")
for path in stale:
    print(f"in po/POTFILES.in but missing: {path}")
sys.exit(1 if missing or stale else 0)
