#!/usr/bin/python3
# Sends or receives a Mobility Header Binding Update (RFC 6275 section 6.1.7)
# carrying a Home Address destination option (section 6.3) through a raw
# IPPROTO_MH socket, the way a kernel-path mobile node and home agent do.
#
#   mh-hao.py send --src COA --dst HA --hoa HOA
#   mh-hao.py recv --timeout S [--ready FILE]
#       prints "received from=<addr> type=<mh type> hao=<addr>" and exits 0,
#       or exits 1 when nothing arrived in time.
import argparse
import os
import socket
import struct
import sys

IPPROTO_MH = 135
MH_TYPE_BU = 5
IP6OPT_HOME_ADDRESS = 201
IP6OPT_PADN = 1


def binding_update(seq):
    # Payload Proto 59 (no next header), Header Len 1 (16 octets), MH Type,
    # Reserved, Checksum (filled in by send()), then Sequence,
    # A and H flags, Lifetime in 4 s units, and PadN to 8n octets.
    return struct.pack("!BBBBHHHH", 59, 1, MH_TYPE_BU, 0, 0, seq, 0xC000, 16) + \
        bytes([IP6OPT_PADN, 2, 0, 0])


def checksum(src, dst, mh):
    """MH checksum (RFC 6275 section 6.1.1) over the IPv6 pseudo-header."""
    data = socket.inet_pton(socket.AF_INET6, src) + \
        socket.inet_pton(socket.AF_INET6, dst) + \
        struct.pack("!I3xB", len(mh), IPPROTO_MH) + mh
    if len(data) % 2:
        data += b"\0"
    total = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while total >> 16:
        total = (total & 0xFFFF) + (total >> 16)
    return ~total & 0xFFFF


def hao_dstopts(hoa):
    # The Home Address option must sit at 8n+6 (section 6.3): PadN of 4
    # after the 2-octet header. Header Len 2 = 24 octets.
    return bytes([0, 2, IP6OPT_PADN, 2, 0, 0, IP6OPT_HOME_ADDRESS, 16]) + \
        socket.inet_pton(socket.AF_INET6, hoa)


def find_hao(dstopts):
    i = 2
    while i < len(dstopts):
        t = dstopts[i]
        if t == 0:  # Pad1
            i += 1
            continue
        ln = dstopts[i + 1]
        if t == IP6OPT_HOME_ADDRESS and ln == 16:
            return socket.inet_ntop(socket.AF_INET6, dstopts[i + 2:i + 18])
        i += 2 + ln
    return None


def send(args):
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, IPPROTO_MH)
    # The receiver checks the checksum after the Home Address option has
    # replaced the source with the home address, and section 6.1.1 puts the
    # home address in the pseudo-header; the kernel would use the care-of
    # address, so compute it here and switch the kernel's off.
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_CHECKSUM, -1)
    s.bind((args.src, 0))
    mh = bytearray(binding_update(args.seq))
    struct.pack_into("!H", mh, 4, checksum(args.hoa, args.dst, bytes(mh)))
    anc = [(socket.IPPROTO_IPV6, socket.IPV6_DSTOPTS, hao_dstopts(args.hoa))]
    n = s.sendmsg([bytes(mh)], anc, 0, (args.dst, 0))
    print("sent %d octets from %s to %s with home address %s"
          % (n, args.src, args.dst, args.hoa))


def recv(args):
    s = socket.socket(socket.AF_INET6, socket.SOCK_RAW, IPPROTO_MH)
    s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_RECVDSTOPTS, 1)
    s.settimeout(args.timeout)
    if args.ready:
        open(args.ready, "w").close()
    try:
        data, anc, _, addr = s.recvmsg(2048, 1024)
    except socket.timeout:
        print("nothing received in %g s" % args.timeout)
        return 1
    hao = None
    for level, kind, value in anc:
        if level == socket.IPPROTO_IPV6 and kind == socket.IPV6_DSTOPTS:
            hao = find_hao(value)
    mh_type = data[2] if len(data) > 2 else -1
    print("received from=%s type=%d hao=%s" % (addr[0], mh_type, hao))
    return 0


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="verb", required=True)
    s = sub.add_parser("send")
    s.add_argument("--src", required=True)
    s.add_argument("--dst", required=True)
    s.add_argument("--hoa", required=True)
    s.add_argument("--seq", type=int, default=1)
    r = sub.add_parser("recv")
    r.add_argument("--timeout", type=float, default=5)
    r.add_argument("--ready")
    args = ap.parse_args()
    sys.stdout.reconfigure(line_buffering=True)
    return send(args) if args.verb == "send" else recv(args)


if __name__ == "__main__":
    sys.exit(main())
