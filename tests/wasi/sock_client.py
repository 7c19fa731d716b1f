#!/usr/bin/env python3
# Client side of tests/wasi/sock.c: python3 sock_client.py PORT (env RW = the
# guest's /sandbox on the host, where the guest drops "readyN" marker files).
import os, socket, sys, time

port = int(sys.argv[1])
rw = os.environ["RW"]

def wait(name):
    deadline = time.time() + 20
    while not os.path.exists(os.path.join(rw, name)):
        if time.time() > deadline:
            sys.exit(f"timeout waiting for {name}")
        time.sleep(0.02)

def read_all(s):
    data = b""
    while True:
        b = s.recv(4096)
        if not b:
            return data
        data += b

wait("ready1")
s = socket.create_connection(("127.0.0.1", port), timeout=10)
s.sendall(b"hello world")
s.sendall(b"peek")
got = read_all(s)  # until the guest's shutdown(WR)
want = b"echo:hello worldvia-fd_write"
if got != want:
    sys.exit(f"got {got!r}, expected {want!r}")
s.sendall(b"bye")
s.close()
wait("ready2")
s2 = socket.create_connection(("127.0.0.1", port), timeout=10)
wait("ready3")
s2.sendall(b"late")
time.sleep(0.2)
s2.close()
print("client ok")
