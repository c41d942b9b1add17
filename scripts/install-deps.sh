#!/usr/bin/env bash
# Installs what a fresh Debian 12 machine lacks to build, run and test PayDesk.
# Idempotent and quiet when everything is already there.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config git curl ca-certificates
  qt6-base-dev qt6-base-dev-tools qt6-httpserver-dev qt6-websockets-dev
  qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools qt6-translations-l10n
  libqt6sql6-sqlite libqt6sql6-psql postgresql libqt6svg6 qt6-qpa-plugins libgl-dev
  libssl-dev openssl libqrcodegencpp-dev libsqlite3-dev sqlite3 zlib1g-dev
  qtkeychain-qt6-dev gnome-keyring libsecret-1-0 dbus-daemon
  libbenchmark-dev
  clang libclang-rt-14-dev
  nodejs npm
  fonts-noto-cjk poppler-utils xvfb xauth
  librsvg2-bin appstream desktop-file-utils dpkg-dev
  devscripts  # hardening-check for the package test; --no-install-recommends keeps it small
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    # nodejs from another source also provides npm; don't fight it.
    if [ "$p" = npm ] && command -v npm >/dev/null 2>&1; then continue; fi
    if [ "$p" = nodejs ] && command -v node >/dev/null 2>&1; then continue; fi
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
