# mmreview's serve client: runs one mmreview command line in the warm server (`mmreview serve`)
# and prints exactly what a cold process would have printed, with its exit status.
#
#   python3 -I -S contrib/serve/client.py SOCKET ARG...
#
# Exit 75 (EX_TEMPFAIL) when no server answered before anything was printed: the launcher then
# runs the cold path (and starts a server for next time). Standard library only, no site
# imports (-S): the client's own start must stay far below the JVM's. The protocol is
# documented in src/main/java/org/mmreview/cli/serve/ServeProtocol.java.
import json
import os
import socket
import struct
import sys

NO_SERVER = 75


def main():
    path, argv = sys.argv[1], sys.argv[2:]
    try:
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
    except OSError:
        return NO_SERVER
    head = json.dumps(
        {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ), "tty": os.isatty(1)}
    )
    started = False
    try:
        s.sendall(b"MMRV1\n" + head.encode("utf-8", "surrogateescape") + b"\n")
        # Standard input only when a FILE is "-": a hook's stdin may be a pipe nobody closes.
        if any(a == "-" or a.endswith("=-") for a in argv):
            while True:
                chunk = sys.stdin.buffer.read(65536)
                if not chunk:
                    break
                s.sendall(chunk)
        s.shutdown(socket.SHUT_WR)
        f = s.makefile("rb")
        out, err = sys.stdout.buffer, sys.stderr.buffer
        while True:
            kind = f.read(1)
            if not kind:
                break
            (n,) = struct.unpack(">i", f.read(4))
            if kind == b"x":
                out.flush()
                err.flush()
                return n
            data = f.read(n)
            started = True
            (out if kind == b"o" else err).write(data)
            if kind == b"e":
                err.flush()
    except OSError:
        pass
    if not started:
        return NO_SERVER
    sys.stderr.write("mmreview: the server went away mid-command (see target/mmreview-serve.log)\n")
    return 3


if __name__ == "__main__":
    sys.exit(main())
