# mmreview's serve client in Python, the launcher's fallback where no C compiler built
# client.c: runs one mmreview command line in the warm server (`mmreview serve`) and prints
# exactly what a cold process would have printed, with its exit status.
#
#   python3 -I -S contrib/serve/client.py JAR ARG...        run ARG... in the server of JAR
#   python3 -I -S contrib/serve/client.py --socket-of JAR   print that server's socket path
#
# The socket is $XDG_RUNTIME_DIR/mmreview/KEY.sock (else /tmp/mmreview-$USER/KEY.sock), KEY the
# 64-bit FNV-1a hash of "JAR:MTIME" (the jar's modification time in whole seconds) as 16 hex
# digits, as client.c and ServeServer.defaultSocket compute it.
#
# Exit 75 (EX_TEMPFAIL) when no server answered before anything was printed (and standard input
# was not read): the launcher then runs the cold path (and starts a server for next time).
# Standard library only, no site imports (-S). The protocol is documented in
# src/main/java/org/mmreview/cli/serve/ServeProtocol.java.
import json
import os
import socket
import struct
import sys

NO_SERVER = 75


def socket_of(jar):
    key = ("%s:%d" % (jar, int(os.stat(jar).st_mtime))).encode("utf-8", "surrogateescape")
    h = 0xCBF29CE484222325
    for b in key:
        h = ((h ^ b) * 0x100000001B3) & 0xFFFFFFFFFFFFFFFF
    xdg = os.environ.get("XDG_RUNTIME_DIR")
    if xdg:
        d = os.path.join(xdg, "mmreview")
    else:
        user = os.environ.get("USER")
        if not user:
            import pwd

            user = pwd.getpwuid(os.getuid()).pw_name
        d = "/tmp/mmreview-" + user
    return "%s/%016x.sock" % (d, h)


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--socket-of":
        try:
            print(socket_of(sys.argv[2]))
        except OSError:
            return NO_SERVER
        return 0
    if len(sys.argv) < 2:
        sys.stderr.write("usage: client.py JAR ARG... | --socket-of JAR\n")
        return 2
    jar, argv = sys.argv[1], sys.argv[2:]
    try:
        path = socket_of(jar)
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        s.connect(path)
    except OSError:
        return NO_SERVER
    head = json.dumps(
        {"argv": argv, "cwd": os.getcwd(), "env": dict(os.environ), "tty": os.isatty(1)}
    )
    started = False
    read_stdin = False
    try:
        s.sendall(b"MMRV1\n" + head.encode("utf-8", "surrogateescape") + b"\n")
        # Standard input only when a FILE is "-": a hook's stdin may be a pipe nobody closes.
        if any(a == "-" or a.endswith("=-") for a in argv):
            read_stdin = True
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
    if not started and not read_stdin:
        return NO_SERVER
    sys.stderr.write("mmreview: the server went away mid-command (see target/mmreview-serve.log)\n")
    return 3


if __name__ == "__main__":
    sys.exit(main())
