#!/usr/bin/env python3
"""Holds N idle TCP connections to 127.0.0.1:PORT for bench/net: connects them all (retrying
while the server's backlog is full), prints "ready N" (N = connections open), then sends
nothing and keeps them open until killed. A connection the server closes is not replaced
(httpd-select closes those it cannot watch: fd >= FD_SETSIZE)."""
import socket
import sys
import time


def main():
    port, n = int(sys.argv[1]), int(sys.argv[2])
    socks = []
    deadline = time.monotonic() + 60
    while len(socks) < n and time.monotonic() < deadline:
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        try:
            s.settimeout(5)
            s.connect(("127.0.0.1", port))
            socks.append(s)
        except OSError:
            s.close()
            time.sleep(0.05)
    print("ready", len(socks), flush=True)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
