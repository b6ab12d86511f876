# Of a DWARF-unwound `perf script` of the broker (see profile.sh): the share of all samples spent in OpenSSL, by the
# .NET crypto entry point (the nearest CryptoNative_* frame) it ran under.
/^[^ \t]/ { flush(); next }
/^[ \t]*$/ { flush(); next }
{ line = $0; sub(/^[ \t]+[0-9a-f]+ /, "", line); frame[++depth] = line }
function flush(   j, entry) {
  if (depth == 0) return
  samples++
  if (frame[1] ~ /libcrypto|libssl/) {
    openssl++
    entry = "(no CryptoNative_ frame unwound)"
    for (j = 1; j <= depth; j++) if (frame[j] ~ /CryptoNative_/) { entry = frame[j]; sub(/ \(.*$/, "", entry); sub(/\+0x[0-9a-f]+$/, "", entry); break }
    by[entry]++
  }
  depth = 0
}
END {
  flush()
  printf "\nOpenSSL, by .NET entry point (DWARF-unwound, %d samples; OpenSSL %.1f%% of them):\n\n| share of all samples | entry point |\n|---|---|\n", samples, samples ? 100 * openssl / samples : 0
  fflush()
  sorter = "sort -t'|' -k2,2gr"
  for (k in by) printf "| %.1f%% | `%s` |\n", 100 * by[k] / samples, k | sorter
  close(sorter)
}
