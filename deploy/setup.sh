#!/usr/bin/env bash
# Interflow set-up on a fresh Debian machine, then one of:
#   deploy/setup.sh demo [demo flags]   build and run the example federation on loopback
#   deploy/setup.sh test                build and run the whole test suite
#   deploy/setup.sh deps                only install what is missing
# Needs a Swift 6.1+ toolchain on PATH; installs the Debian and PyPI packages it needs when missing.
set -euo pipefail

cd "$(dirname "$0")/.."

log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

need_apt=()
have_pkg() { dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q "install ok installed"; }

install_deps() {
    command -v swift >/dev/null || { echo "setup: no swift on PATH; install a Swift 6.1 or newer toolchain (swift.org) first" >&2; exit 1; }
    for pkg in libcurl4-openssl-dev libsqlite3-dev pkg-config curl; do
        have_pkg "$pkg" || need_apt+=("$pkg")
    done
    if [ "${1:-}" = test ]; then
        command -v python3 >/dev/null || need_apt+=(python3 python3-pip)
        # The contract-review page is checked in a real headless browser.
        command -v chromium >/dev/null || command -v chromium-browser >/dev/null || need_apt+=(chromium)
    fi
    if [ ${#need_apt[@]} -gt 0 ]; then
        log "installing ${need_apt[*]}"
        local sudo=""
        [ "$(id -u)" -eq 0 ] || sudo="sudo"
        $sudo apt-get update -qq
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_apt[@]}" >/dev/null
    fi
    if [ "${1:-}" = test ]; then
        python3 -c 'import pyworkforce, ciw, pytest, openapi_spec_validator, jsonschema, yaml, rfc3339_validator' 2>/dev/null || {
            log "installing the Python peers and checkers from PyPI"
            python3 -m pip install --quiet --disable-pip-version-check \
                pyworkforce ciw pytest openapi-spec-validator jsonschema pyyaml rfc3339-validator 2>&1 \
                | grep -v "Running pip as the 'root' user" || true
        }
    fi
}

case "${1:-}" in
deps)
    install_deps test
    ;;
demo)
    shift
    install_deps demo
    log "building interflow (debug; the first build takes several minutes)"
    swift build --product interflow
    log "starting the demo federation"
    exec .build/debug/interflow demo "$@"
    ;;
test)
    install_deps test
    log "building interflow and its tests"
    swift build --build-tests
    log "configuration check of the shipped federation"
    .build/debug/interflow check sites
    if ls scripts/crosscheck*.py >/dev/null 2>&1; then
        log "side-by-side checks against independent Python implementations"
        INTERFLOW_BIN="$PWD/.build/debug/interflow" python3 -m pytest -q -p no:cacheprovider scripts/crosscheck*.py
    fi
    log "running the Swift test suite"
    # One test at a time: the simulator's validation runs keep both cores busy for seconds, and
    # beside them the tests that time real sockets, polls and job slots would measure the machine.
    swift test --skip-build --no-parallel
    ;;
*)
    echo "usage: deploy/setup.sh demo [flags] | test | deps" >&2
    exit 2
    ;;
esac
