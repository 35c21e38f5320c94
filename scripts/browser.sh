#!/usr/bin/env bash
# The headless browser the browser tests drive through Selenium (web-module's dev.tandem.admin.Browser).
#
#   bash scripts/browser.sh ensure   # install Chromium + ChromeDriver when missing; prints their versions
#
# The tests use Debian's packages at fixed paths, /usr/bin/chromium and /usr/bin/chromedriver, and never
# let Selenium Manager download a browser or driver (this machine's network is closed; the two packages
# also keep browser and driver at the same version). When either binary is missing, "chromium" and
# "chromium-driver" are installed with apt-get: directly as root, else through passwordless sudo (sudo -n);
# otherwise the script fails and names the packages to install.
set -euo pipefail

CHROMIUM=/usr/bin/chromium
CHROMEDRIVER=/usr/bin/chromedriver
PACKAGES=(chromium chromium-driver)

log() { echo "browser: $*" >&2; }

present() { [[ -x "$CHROMIUM" && -x "$CHROMEDRIVER" ]]; }

# Runs a command as root: directly when we are root, else through sudo without a password prompt.
# Returns 1 (without running it) when neither is possible.
as_root() {
  if [[ "$(id -u)" -eq 0 ]]; then
    "$@"
  elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
    sudo -n "$@"
  else
    return 1
  fi
}

# True when apt knows an installable version of every package (i.e. the package lists are there).
have_candidates() {
  local pkg candidate
  for pkg in "${PACKAGES[@]}"; do
    candidate="$(apt-cache policy "$pkg" 2>/dev/null | awk '/Candidate:/ { print $2 }')"
    [[ -n "$candidate" && "$candidate" != "(none)" ]] || return 1
  done
}

install_packages() {
  if [[ "$(id -u)" -ne 0 ]] && ! as_root true 2>/dev/null; then
    log "$CHROMIUM or $CHROMEDRIVER not found; install the Debian packages: ${PACKAGES[*]}"
    log "(as root: apt-get install --no-install-recommends ${PACKAGES[*]}; no passwordless sudo here)"
    exit 1
  fi
  command -v apt-get >/dev/null 2>&1 || { log "no apt-get; install Chromium and ChromeDriver as $CHROMIUM and $CHROMEDRIVER"; exit 1; }
  log "installing ${PACKAGES[*]} (apt-get install)"
  # apt-get update only when needed: when the lists lack the packages, or when they are stale and the
  # install fails (the mirror no longer has the listed version).
  if ! have_candidates; then
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
  fi
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >&2; then
    log "install failed; updating the package lists and retrying"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >&2
  fi
  present || { log "$CHROMIUM or $CHROMEDRIVER still missing after installing ${PACKAGES[*]}"; exit 1; }
}

ensure() {
  present || install_packages
  # The versions, for the log. Debian's chromium wrapper script prints a harmless shell error on some
  # machines ("[: ...: unexpected operator", its /dev/shm size check): stderr is shown only on failure.
  "$CHROMIUM" --version 2>/dev/null || { log "$CHROMIUM --version failed:"; "$CHROMIUM" --version >&2; exit 1; }
  "$CHROMEDRIVER" --version
}

case "${1:-}" in
  ensure) ensure ;;
  *)      echo "usage: $0 ensure" >&2; exit 2 ;;
esac
