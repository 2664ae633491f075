#!/usr/bin/env bash
# Writes the self-signed certificate and key the TLS test serves with (Tests/Fixtures/tls): for
# localhost and 127.0.0.1, valid for 100 years, RSA 2048. A test fixture only: its key is public.
set -euo pipefail
cd "$(dirname "$0")/.."
openssl req -x509 -newkey rsa:2048 -nodes -days 36500 -subj "/CN=localhost" \
  -addext "subjectAltName=DNS:localhost,IP:127.0.0.1" \
  -keyout Tests/Fixtures/tls/key.pem -out Tests/Fixtures/tls/certificate.pem 2>/dev/null
