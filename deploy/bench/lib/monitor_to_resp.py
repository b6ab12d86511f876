"""MONITOR lines of one script's EVALSHA calls -> RESP commands, with the SHA replaced by @SHA@ (40 chars wide).

    monitor_to_resp.py SHA < monitor.txt > calls.resp

MONITOR prints each argument quoted, with sdscatrepr's escapes (\\xHH, \\n, \\", ...); this reverses them exactly.
"""
import sys

ESCAPES = {'\\': b'\\', '"': b'"', 'n': b'\n', 'r': b'\r', 't': b'\t', 'a': b'\a', 'b': b'\b'}
PLACEHOLDER = b'@SHA@'.ljust(40, b'@')


def arguments(line):
    i, n, out = line.index('] ') + 2, len(line), []
    while i < n:
        if line[i] != '"':
            i += 1
            continue
        i += 1
        buf = bytearray()
        while line[i] != '"':
            if line[i] == '\\':
                if line[i + 1] == 'x':
                    buf.append(int(line[i + 2:i + 4], 16))
                    i += 4
                else:
                    buf += ESCAPES[line[i + 1]]
                    i += 2
            else:
                buf += line[i].encode('latin1')
                i += 1
        out.append(bytes(buf))
        i += 1
    return out


def main():
    marker = '"EVALSHA" "%s"' % sys.argv[1]
    out = sys.stdout.buffer
    for line in sys.stdin.buffer:
        text = line.decode('latin1').rstrip('\n')
        if marker not in text:
            continue
        args = arguments(text)
        args[1] = PLACEHOLDER
        out.write(b'*%d\r\n' % len(args))
        for a in args:
            out.write(b'$%d\r\n%s\r\n' % (len(a), a))


if __name__ == '__main__':
    main()
