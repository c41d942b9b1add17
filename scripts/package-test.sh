#!/usr/bin/env bash
# SPDX-License-Identifier: MIT
# Builds the Debian package and the tarball, installs the .deb with apt-get as
# an installer would, checks what it put where, runs the installed
# `paydesk-cli --version` and `paydesk-cli selftest` (a full sale and refund
# against the built-in sandbox), checks that the packaged executables are
# hardened (hardening-check: stack protector, _FORTIFY_SOURCE, RELRO, immediate
# binding, PIE), then removes the package again.
#
#   scripts/package-test.sh [BUILD_DIR]      (default: build/release)
#
# Installing a package needs root and apt: anywhere else (a developer's
# non-root run of the test suite, a machine where PayDesk is installed for
# real) it skips with exit 77, which ctest reports as skipped. Set
# PAYDESK_PACKAGE_TEST_REPLACE=1 to let it replace (and then remove) an
# installed paydesk package.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
build="$(cd "${1:-$root/build/release}" && pwd)"
SKIP=77

say() { echo "package-test: $*"; }
fail() { echo "package-test: FAILED: $*" >&2; exit 1; }
skip() { echo "package-test: skipped: $*"; exit "$SKIP"; }

[ "$(uname -s)" = Linux ] || skip "the .deb is built and installed on Linux only"
command -v dpkg >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1 \
  || skip "no dpkg/apt-get here (Debian 12 is the target)"
[ "$(id -u)" -eq 0 ] || skip "installing the .deb needs root (CI runs as root; try: sudo $0 $build)"
if dpkg-query -W -f='${Status}' paydesk 2>/dev/null | grep -q "ok installed" \
   && [ "${PAYDESK_PACKAGE_TEST_REPLACE:-0}" != 1 ]; then
  skip "a paydesk package is already installed; set PAYDESK_PACKAGE_TEST_REPLACE=1 to replace and remove it"
fi
command -v hardening-check >/dev/null 2>&1 \
  || fail "hardening-check is missing: install devscripts (scripts/install-deps.sh does)"
[ -f "$build/CPackConfig.cmake" ] || fail "$build is not a configured PayDesk build (no CPackConfig.cmake)"

version="$(sed -n 's/^set(CPACK_PACKAGE_VERSION "\(.*\)")$/\1/p' "$build/CPackConfig.cmake")"
[ -n "$version" ] || fail "no CPACK_PACKAGE_VERSION in $build/CPackConfig.cmake"

export DEBIAN_FRONTEND=noninteractive
installed=0
cleanup() {
  if [ "$installed" = 1 ]; then
    say "removing the package"
    apt-get remove -y -qq paydesk >/dev/null 2>&1 || dpkg -r paydesk >/dev/null 2>&1 || true
  fi
}
trap cleanup EXIT

say "building the executables in $build"
cmake --build "$build" --target paydesk paydesk-cli paydesk-sandbox paydesk-hq >/dev/null

cd "$build"
rm -f paydesk_*.deb paydesk-*.tar.gz
say "cpack -G DEB"
cpack -G DEB >cpack-deb.log 2>&1 || { cat cpack-deb.log >&2; fail "cpack -G DEB"; }
say "cpack -G TGZ"
cpack -G TGZ >cpack-tgz.log 2>&1 || { cat cpack-tgz.log >&2; fail "cpack -G TGZ"; }
deb="$(ls paydesk_"$version"_*.deb 2>/dev/null | head -n1)"
tgz="$(ls paydesk-"$version"-*.tar.gz 2>/dev/null | head -n1)"
[ -n "$deb" ] || fail "no paydesk_${version}_*.deb in $build"
[ -n "$tgz" ] || fail "no paydesk-${version}-*.tar.gz in $build"
say "built $deb ($(du -h "$deb" | cut -f1)) and $tgz ($(du -h "$tgz" | cut -f1))"

# The control file: name, version, and the dependencies an installer relies on
# (dpkg-shlibdeps' libraries plus what Qt loads at run time).
depends="$(dpkg-deb -f "$deb" Depends)"
[ "$(dpkg-deb -f "$deb" Package)" = paydesk ] || fail "package name is not paydesk"
[ "$(dpkg-deb -f "$deb" Version)" = "$version" ] || fail "package version is not $version"
for dep in libqt6core6 libqt6widgets6 libqt6network6 libqt6sql6 libqt6sql6-sqlite libqt6httpserver6 \
           libqt6printsupport6 libssl3 libqrcodegencpp1 qt6-qpa-plugins fonts-noto-cjk libc6; do
  grep -Eq "(^|, )$dep( |,|$)" <<<"$depends" || fail "Depends lacks $dep: $depends"
done

# The tarball holds the same tree, relocatable.
tar tzf "$tgz" >tgz.list
for f in bin/paydesk bin/paydesk-cli bin/paydesk-sandbox bin/paydesk-hq share/applications/io.paydesk.PayDesk.desktop \
         share/metainfo/io.paydesk.PayDesk.metainfo.xml share/icons/hicolor/256x256/apps/io.paydesk.PayDesk.png; do
  grep -q "/$f\$" tgz.list || fail "$tgz lacks $f"
done

say "apt-get install ./$deb"
installed=1
apt-get install -y -qq "./$deb" >apt-install.log 2>&1 || { cat apt-install.log >&2; fail "apt-get install ./$deb"; }

files="$(dpkg -L paydesk)"
for f in /usr/bin/paydesk /usr/bin/paydesk-cli /usr/bin/paydesk-sandbox /usr/bin/paydesk-hq \
         /usr/share/applications/io.paydesk.PayDesk.desktop \
         /usr/share/metainfo/io.paydesk.PayDesk.metainfo.xml \
         /usr/share/icons/hicolor/48x48/apps/io.paydesk.PayDesk.png \
         /usr/share/icons/hicolor/128x128/apps/io.paydesk.PayDesk.png \
         /usr/share/icons/hicolor/256x256/apps/io.paydesk.PayDesk.png \
         /usr/share/icons/hicolor/scalable/apps/io.paydesk.PayDesk.svg; do
  grep -qx "$f" <<<"$files" || fail "dpkg -L paydesk lacks $f"
  [ -e "$f" ] || fail "$f is listed but not on disk"
done
for exe in paydesk paydesk-cli paydesk-sandbox paydesk-hq; do
  if ldd "/usr/bin/$exe" | grep -q "not found"; then
    ldd "/usr/bin/$exe" | grep "not found" >&2
    fail "/usr/bin/$exe misses a library its package does not depend on"
  fi
done
if command -v desktop-file-validate >/dev/null 2>&1; then
  desktop-file-validate /usr/share/applications/io.paydesk.PayDesk.desktop || fail "desktop entry does not validate"
fi
if command -v appstreamcli >/dev/null 2>&1; then
  appstreamcli validate --no-net /usr/share/metainfo/io.paydesk.PayDesk.metainfo.xml >appstream.log 2>&1 \
    || { cat appstream.log >&2; fail "AppStream metainfo does not validate"; }
fi

# Hardened as Debian's own packages are (a build without PAYDESK_HARDENING
# fails here): PIE, stack protector, RELRO and immediate binding in each
# executable. _FORTIFY_SOURCE only shows where the compiler could bound a
# buffer and called a __*_chk function instead: paydesk-cli's and
# paydesk-sandbox's libc calls all have run-time sizes, so hardening-check
# reports "only unprotected functions" for them (lintian's
# hardening-no-fortify-functions caveat); at least one executable must show
# protected functions, which no build without the flag has. Control-flow
# protection (-fcf-protection, Intel CET) is not among Debian 12's default
# hardening flags and could not take effect with the Qt and OpenSSL libraries
# PayDesk links, which are not CET-marked: not required.
fortified=0
for exe in paydesk paydesk-cli paydesk-sandbox paydesk-hq; do
  if ! hardening-check --verbose --nocfprotection --nofortify "/usr/bin/$exe" >hardening.log 2>&1; then
    cat hardening.log >&2
    fail "/usr/bin/$exe is not hardened (configure with PAYDESK_HARDENING=ON, the release preset's default)"
  fi
  if hardening-check --nocfprotection "/usr/bin/$exe" 2>/dev/null | grep -q "Fortify Source functions: yes"; then
    fortified=$((fortified + 1))
  fi
  say "$(tr -s ' \n' ' ' <hardening.log)"
done
[ "$fortified" -gt 0 ] || fail "no executable calls a fortified (__*_chk) libc function: built without -D_FORTIFY_SOURCE=2?"

got="$(/usr/bin/paydesk-cli --version)"
[ "$got" = "paydesk-cli $version" ] || fail "paydesk-cli --version printed \"$got\", expected \"paydesk-cli $version\""
say "$got"
gui="$(QT_QPA_PLATFORM=offscreen /usr/bin/paydesk --version 2>&1)" || fail "paydesk --version: $gui"
grep -q "$version" <<<"$gui" || fail "paydesk --version printed \"$gui\""

say "paydesk-cli selftest"
cd "$(mktemp -d)"
if ! /usr/bin/paydesk-cli selftest >selftest.json 2>selftest.err; then
  cat selftest.json selftest.err >&2
  fail "paydesk-cli selftest"
fi
grep -q '"ok": true' selftest.json || { cat selftest.json >&2; fail "selftest report is not ok"; }
sed -n 's/^ *"\(elapsed_ms\)": \(.*\),$/package-test: selftest \1 \2/p' selftest.json

say "apt-get remove paydesk"
apt-get remove -y -qq paydesk >/dev/null 2>&1 || fail "apt-get remove paydesk"
installed=0
[ ! -e /usr/bin/paydesk-cli ] || fail "/usr/bin/paydesk-cli is still there after removal"
say "ok: $deb installs, is hardened, runs its self-test and removes cleanly"
