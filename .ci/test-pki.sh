#!/usr/bin/env bash
# Makes a test PKI with openssl (OpenSSL 3, or 1.1.1): a CA and two certificates it signs, for
# trying TLS and mutual TLS on loopback. Not for production: the CA's key lies next to its
# certificate, unprotected.
#
#   .ci/test-pki.sh OUTDIR
#
# OUTDIR/ca.pem          the CA certificate (clients: -cacert, WADISPATCH_CA_CERT; gateway:
#                        --tls-client-ca)
# OUTDIR/ca-key.pem      the CA's key, to sign more certificates
# OUTDIR/server.pem      server certificate for localhost, 127.0.0.1 and ::1 (serverAuth):
#                        the gateway's --tls-cert
# OUTDIR/server-key.pem  its key: the gateway's --tls-key
# OUTDIR/client.pem      client certificate, subject CN=wadispatch-test-client (clientAuth):
#                        grpcurl -cert, WADISPATCH_CLIENT_CERT
# OUTDIR/client-key.pem  its key: grpcurl -key, WADISPATCH_CLIENT_KEY
#
# Keys are ECDSA P-256 in PKCS#8 PEM ("BEGIN PRIVATE KEY", what Java's Netty reads), mode 0600.
# Idempotent: when every file is there, the certificates chain to the CA, match their keys and
# are valid for another week, nothing is done; otherwise all of it is made anew. Prints only
# paths and subjects, never a key.
set -euo pipefail

[ $# -eq 1 ] || { echo "usage: $0 OUTDIR" >&2; exit 2; }
out=$1
mkdir -p "$out"
cd "$out"

CLIENT_SUBJECT="/CN=wadispatch-test-client"
DAYS=365
# A certificate valid for less than this is replaced, so a reused PKI never expires mid-run.
MIN_VALID_SECONDS=$((7 * 24 * 3600))

# The public key of a certificate and of a key, to check that they belong together.
cert_pubkey() { openssl x509 -in "$1" -noout -pubkey; }
key_pubkey() { openssl pkey -in "$1" -pubout; }

usable() {
  local f
  for f in ca.pem ca-key.pem server.pem server-key.pem client.pem client-key.pem; do
    [ -s "$f" ] || return 1
  done
  openssl verify -CAfile ca.pem server.pem client.pem >/dev/null 2>&1 || return 1
  for f in ca server client; do
    openssl x509 -in "$f.pem" -noout -checkend "$MIN_VALID_SECONDS" >/dev/null 2>&1 || return 1
    [ "$(cert_pubkey "$f.pem")" = "$(key_pubkey "$f-key.pem" 2>/dev/null)" ] || return 1
  done
}

if usable; then
  echo "test PKI in $PWD is up to date"
else
  umask 077 # keys readable by their owner only
  tmp=$(mktemp -d "$PWD/.pki.XXXXXX")
  trap 'rm -rf "$tmp"' EXIT

  newkey() { openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1" 2>/dev/null; }
  # sign NAME SUBJECT EXTENSIONS: a certificate for NAME-key.pem signed by the CA.
  sign() {
    printf '%s\n' "$3" >"$tmp/$1.ext"
    openssl req -new -key "$tmp/$1-key.pem" -subj "$2" -out "$tmp/$1.csr"
    openssl x509 -req -in "$tmp/$1.csr" -CA "$tmp/ca.pem" -CAkey "$tmp/ca-key.pem" \
      -set_serial "0x$(openssl rand -hex 16)" -days "$DAYS" -sha256 \
      -extfile "$tmp/$1.ext" -out "$tmp/$1.pem" 2>/dev/null
  }

  newkey "$tmp/ca-key.pem"
  openssl req -x509 -new -key "$tmp/ca-key.pem" -subj "/CN=wadispatch test CA" -days "$DAYS" -sha256 \
    -set_serial "0x$(openssl rand -hex 16)" \
    -addext "basicConstraints=critical,CA:TRUE,pathlen:0" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" \
    -addext "subjectKeyIdentifier=hash" \
    -out "$tmp/ca.pem"

  newkey "$tmp/server-key.pem"
  sign server "/CN=localhost" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid"

  newkey "$tmp/client-key.pem"
  sign client "$CLIENT_SUBJECT" "basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature
extendedKeyUsage=clientAuth
subjectKeyIdentifier=hash
authorityKeyIdentifier=keyid"

  for f in ca server client; do
    chmod 0644 "$tmp/$f.pem" # certificates are public
    mv -f "$tmp/$f-key.pem" "$tmp/$f.pem" .
  done
  usable || { echo "the new test PKI in $PWD does not verify" >&2; exit 1; }
  echo "made a test PKI in $PWD"
fi
for f in ca server client; do
  printf '  %-11s %s\n' "$f.pem" "$(openssl x509 -in "$f.pem" -noout -subject)"
done
