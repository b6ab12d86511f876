#!/bin/sh
# Renders users.acl.template into a Redis ACL file with the passwords' SHA-256 (Redis stores no clear
# password): render-acl.sh TEMPLATE OUT, with REDIS_BROKER_PASSWORD and REDIS_PROBE_PASSWORD set.
# POSIX sh and coreutils only, so it runs in the redis image (compose entrypoint, k8s init container).
set -eu
template="$1" out="$2"
: "${REDIS_BROKER_PASSWORD:?set REDIS_BROKER_PASSWORD}" "${REDIS_PROBE_PASSWORD:?set REDIS_PROBE_PASSWORD}"
broker=$(printf %s "$REDIS_BROKER_PASSWORD" | sha256sum | cut -d' ' -f1)
probe=$(printf %s "$REDIS_PROBE_PASSWORD" | sha256sum | cut -d' ' -f1)
umask 077
grep -v '^#' "$template" | sed -e "s/@BROKER_PASSWORD_SHA256@/$broker/" -e "s/@PROBE_PASSWORD_SHA256@/$probe/" >"$out"
