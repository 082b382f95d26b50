#!/usr/bin/env python3
"""totp.py SECRET [OFFSET_STEPS]: the RFC 6238 code an authenticator app shows now for the
base32 SECRET (as on the enrolment page), OFFSET_STEPS 30-second steps from now."""
import base64, hashlib, hmac, struct, sys, time

secret = sys.argv[1].replace(" ", "").upper()
secret += "=" * (-len(secret) % 8)
step = int(time.time()) // 30 + (int(sys.argv[2]) if len(sys.argv) > 2 else 0)
digest = hmac.new(base64.b32decode(secret), struct.pack(">q", step), hashlib.sha1).digest()
offset = digest[-1] & 0x0F
print(f"{(struct.unpack('>I', digest[offset:offset + 4])[0] & 0x7FFFFFFF) % 1000000:06d}")
