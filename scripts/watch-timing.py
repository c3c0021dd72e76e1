#!/usr/bin/env python3
"""Measures `lcbook watch`: the time from saving an article to the rebuilt EPUB and PDF, as
lcbook's own "wrote …" lines come, three saves in a row.

Usage: python3 scripts/watch-timing.py BOOK_DIR ARTICLE [LCBOOK]
(LCBOOK defaults to target/release/lcbook; each save appends a line to ARTICLE.)
"""
import os
import subprocess
import sys
import threading
import time

book, article = sys.argv[1], sys.argv[2]
program = sys.argv[3] if len(sys.argv) > 3 else "target/release/lcbook"
watch = subprocess.Popen(
    [program, "watch", book],
    stderr=subprocess.PIPE,
    stdout=subprocess.DEVNULL,
    text=True,
    env=dict(os.environ, SOURCE_DATE_EPOCH="1700000000"),
)
lines = []


def gather():
    for line in watch.stderr:
        lines.append((time.time(), line.rstrip()))


threading.Thread(target=gather, daemon=True).start()
while not any("watching" in l for _, l in lines):
    time.sleep(0.05)
for save in range(3):
    seen = len(lines)
    start = time.time()
    with open(article, "a", encoding="utf-8") as f:
        f.write(f"\nUne ligne ajoutée pour la mesure {save}.\n")
    epub = pdf = None
    while pdf is None and time.time() - start < 600:
        for t, line in lines[seen:]:
            if line.startswith("wrote") and ".epub" in line and epub is None:
                epub = t - start
            if line.startswith("wrote") and ".pdf" in line and pdf is None:
                pdf = t - start
        time.sleep(0.02)
    print(f"save {save + 1}: EPUB after {epub:.2f} s, PDF after {pdf:.2f} s")
    time.sleep(1)
watch.terminate()
watch.wait()
