#!/usr/bin/env python3
# Prints the expected values typed into test_hash.c and test_aead.c, from
# implementations that share nothing with libsodium: Python's hashlib and
# hmac (OpenSSL/HACL*) and the `cryptography` package's ChaCha20-Poly1305
# (OpenSSL). Published answers are checked here too, so a wrong line in the
# C files cannot come from this script: FIPS 180-2 "abc", RFC 7693
# Appendix A, RFC 4231 test cases 1, 2 and 6, RFC 8439 section 2.8.2.
import hashlib
import hmac


def pat(n):
    # The message pattern of the C tests (as in tests/crypto).
    return bytes((i * 7 + 3) & 0xff for i in range(n))


assert hashlib.sha512(b'abc').hexdigest().startswith('ddaf35a193617aba')
assert hashlib.blake2b(b'abc').hexdigest().startswith('ba80a53f981c4d0d')
for m in [b'', b'abc', pat(111), pat(112), pat(1000)]:
    print('sha512', len(m), hashlib.sha512(m).hexdigest())
for m in [b'', b'abc', pat(128), pat(129), pat(1000)]:
    print('blake2b-256', len(m), hashlib.blake2b(m, digest_size=32).hexdigest())
print('blake2b-512 abc', hashlib.blake2b(b'abc').hexdigest())
print('blake2b-512 1000', hashlib.blake2b(pat(1000)).hexdigest())
print('blake2b-256 key=00..1f pat(1000)',
      hashlib.blake2b(pat(1000), digest_size=32, key=bytes(range(32))).hexdigest())
print('blake2b-512 key=00..3f empty',
      hashlib.blake2b(b'', key=bytes(range(64))).hexdigest())
print('hmac-sha512 rfc4231 tc1',
      hmac.new(b'\x0b' * 20, b'Hi There', 'sha512').hexdigest())
print('hmac-sha512 rfc4231 tc2',
      hmac.new(b'Jefe', b'what do ya want for nothing?', 'sha512').hexdigest())
print('hmac-sha512 rfc4231 tc6', hmac.new(
    b'\xaa' * 131, b'Test Using Larger Than Block-Size Key - Hash Key First',
    'sha512').hexdigest())
print('hmac-sha512 key=00..1f pat(1000)',
      hmac.new(bytes(range(32)), pat(1000), 'sha512').hexdigest())

try:
    from cryptography.hazmat.primitives.ciphers.aead import ChaCha20Poly1305
except ImportError:
    print('aead: the cryptography package is not installed; skipped')
else:
    pt = (b"Ladies and Gentlemen of the class of '99: If I could offer you "
          b"only one tip for the future, sunscreen would be it.")
    key = bytes(range(0x80, 0xa0))
    nonce = bytes.fromhex('070000004041424344454647')
    aad = bytes.fromhex('50515253c0c1c2c3c4c5c6c7')
    ct = ChaCha20Poly1305(key).encrypt(nonce, pt, aad)
    assert ct[-16:].hex() == '1ae10b594f09e26a7e902ecbd0600691'  # RFC 8439
    print('aead ciphertext', ct[:-16].hex())
    print('aead tag', ct[-16:].hex())
