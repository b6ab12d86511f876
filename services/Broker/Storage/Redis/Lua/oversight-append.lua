-- An oversight event no other change writes. KEYS: the oversight stream. ARGV: 1 audit entry.
append_audit(KEYS[1], ARGV[1])
return 1
