#!/usr/bin/env bash
# What the test suite needs from the operating system: Chromium for the browser tests,
# poppler-utils (pdftotext) for the PDF tests, gettext for translations, and a running
# PostgreSQL at 127.0.0.1:5432 with trust auth. Installs with apt when run as root.
set -euo pipefail

need=()
command -v chromium >/dev/null 2>&1 || need+=(chromium)
command -v pdftotext >/dev/null 2>&1 || need+=(poppler-utils)
command -v msgfmt >/dev/null 2>&1 || need+=(gettext)
command -v pg_ctlcluster >/dev/null 2>&1 || need+=(postgresql)
fc-list 2>/dev/null | grep -qi dejavu || need+=(fonts-dejavu-core)
# WeasyPrint renders through Pango.
ldconfig -p 2>/dev/null | grep -q "libpango-1.0.so" || need+=(libpango-1.0-0)
ldconfig -p 2>/dev/null | grep -q "libpangoft2-1.0.so" || need+=(libpangoft2-1.0-0)
# WeasyPrint subsets fonts with HarfBuzz; without it it warns (and the tests turn warnings into errors).
ldconfig -p 2>/dev/null | grep -q "libharfbuzz-subset.so" || need+=(libharfbuzz-subset0)
# `python3 -m venv` needs ensurepip (Debian ships it separately).
python3 -c "import ensurepip" 2>/dev/null || need+=(python3-venv)

if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" = "0" ]; then
    echo "system-deps: installing ${need[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "system-deps: missing ${need[*]} (run as root to install them with apt)" >&2
  fi
fi

if ! pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; then
  echo "system-deps: starting PostgreSQL"
  if [ "$(id -u)" = "0" ] && command -v pg_ctlcluster >/dev/null 2>&1; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  fi
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 && break
    sleep 1
  done
fi
pg_isready -h 127.0.0.1 -p 5432

# The tests connect as postgres over TCP without a password. A cluster fresh from Debian asks
# for one on 127.0.0.1: on a machine we set up ourselves (root), trust local TCP connections.
if ! psql -h 127.0.0.1 -U postgres -w -tAc "SELECT 1" >/dev/null 2>&1; then
  if [ "$(id -u)" = "0" ]; then
    version=$(ls /etc/postgresql | sort -V | tail -n 1)
    hba=/etc/postgresql/$version/main/pg_hba.conf
    echo "system-deps: allowing trusted connections from 127.0.0.1 in $hba"
    sed -i '1i host all all 127.0.0.1/32 trust' "$hba"
    pg_ctlcluster --skip-systemctl-redirect "$version" main reload
  fi
fi

# The database the test database is cloned from; pytest-django creates test_sroi itself.
if ! psql -h 127.0.0.1 -U postgres -w -tAc "SELECT 1 FROM pg_database WHERE datname='sroi'" | grep -q 1; then
  createdb -h 127.0.0.1 -U postgres -w sroi
fi
