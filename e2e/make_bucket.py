"""Writes a small whitelabel bucket into a local media folder: two models, their posts, real PNG images."""
import os
import struct
import sys
import zlib


def png(width, height, rgb):
    """A valid solid-colour PNG, so the browser really decodes and draws it."""
    raw = b"".join(b"\x00" + bytes(rgb) * width for _ in range(height))
    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def main():
    root = sys.argv[1]
    files = {
        "Modelo E2E/icon.png": png(64, 64, (229, 72, 77)),
        "Modelo E2E/Ensaio de Verão/01.png": png(320, 320, (61, 214, 140)),
        "Modelo E2E/Ensaio de Verão/02.png": png(320, 320, (245, 196, 81)),
        "Modelo E2E/Praia/01.png": png(320, 320, (80, 120, 240)),
        "Outra Modelo/set/01.png": png(320, 320, (200, 200, 200)),
    }
    for key, data in files.items():
        path = os.path.join(root, key)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as file:
            file.write(data)


if __name__ == "__main__":
    main()
