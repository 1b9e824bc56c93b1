#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""The version of a release is written in three places; they must agree.

meson.build's project version, the newest <release> of the metainfo (with its
date) and the first entry of NEWS, "Parallax VERSION (DATE)". The metainfo's
screenshots are referenced at the release tag vVERSION, not at a branch.
"""
import re
import sys
import xml.etree.ElementTree as ET

root = sys.argv[1]
errors = []

meson = open(f"{root}/meson.build", encoding="utf-8").read()
version = re.search(r"^\s*version:\s*'([^']+)'", meson, re.M).group(1)

news = open(f"{root}/NEWS", encoding="utf-8").readline().strip()
m = re.fullmatch(r"Parallax (\S+) \((\d{4}-\d\d-\d\d)\)", news)
if not m:
    errors.append(f"NEWS must start with 'Parallax VERSION (YYYY-MM-DD)', not {news!r}")
else:
    news_version, news_date = m.groups()
    if news_version != version:
        errors.append(f"NEWS starts with {news_version}, meson.build says {version}")

metainfo = ET.parse(f"{root}/data/io.github.parallaxlab.Parallax.metainfo.xml.in").getroot()
release = metainfo.find("releases/release")
if release is None:
    errors.append("the metainfo has no <release>")
else:
    if release.get("version") != version:
        errors.append(f"the metainfo's newest release is {release.get('version')}, meson.build says {version}")
    if m and release.get("date") != news_date:
        errors.append(f"the metainfo dates {version} {release.get('date')}, NEWS {news_date}")

for image in metainfo.iter("image"):
    if f"/v{version}/" not in image.text:
        errors.append(f"screenshot {image.text} is not referenced at the tag v{version}")

summary = metainfo.find("summary").text
if len(summary) > 35:
    errors.append(f"the summary has {len(summary)} characters, at most 35: {summary!r}")

for e in errors:
    print(e, file=sys.stderr)
sys.exit(1 if errors else 0)
