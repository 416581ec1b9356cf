#!/usr/bin/env python3
"""Draws the app's icons (our own: a rounded tile with three rising bars) as PNG files, with only the
standard library (zlib), at build time: make_icons.py <out dir>. Sizes 192 and 512, plus a maskable 512
whose drawing stays inside the safe zone."""
import struct
import sys
import zlib

BACKGROUND = (20, 22, 28)      # the dark theme's window colour
TILE = (124, 156, 255)         # the accent
BARS = (245, 247, 255)


def inside_rounded_rect(x, y, left, top, right, bottom, radius):
    if not (left <= x < right and top <= y < bottom):
        return False
    cx = min(max(x, left + radius), right - radius)
    cy = min(max(y, top + radius), bottom - radius)
    return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2


def draw(size, maskable):
    # Maskable icons are cropped to a circle of 80% of the size: draw the tile smaller and fill the rest.
    margin = size * (0.16 if maskable else 0.06)
    tile = (margin, margin, size - margin, size - margin)
    radius = size * 0.18
    width = tile[2] - tile[0]
    bars = []
    for i, height in enumerate((0.30, 0.50, 0.72)):
        left = tile[0] + width * (0.20 + i * 0.22)
        bars.append((left, tile[3] - width * 0.16 - width * height, left + width * 0.16, tile[3] - width * 0.16))
    rows = []
    for y in range(size):
        row = bytearray([0])  # filter: none
        for x in range(size):
            px, py = x + 0.5, y + 0.5
            colour = BACKGROUND if maskable else None
            if inside_rounded_rect(px, py, *tile, radius):
                colour = TILE
                if any(inside_rounded_rect(px, py, *bar, width * 0.04) for bar in bars):
                    colour = BARS
            row += bytes(colour) + b'\xff' if colour else b'\x00\x00\x00\x00'
        rows.append(bytes(row))
    return png(size, b''.join(rows))


def png(size, raw):
    def chunk(kind, data):
        return struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data) & 0xffffffff)
    header = struct.pack('>IIBBBBB', size, size, 8, 6, 0, 0, 0)  # 8-bit RGBA
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', header) + chunk(b'IDAT', zlib.compress(raw, 9)) + chunk(b'IEND', b'')


def main():
    out = sys.argv[1]
    for name, size, maskable in (('icon-192.png', 192, False), ('icon-512.png', 512, False),
                                 ('icon-maskable-512.png', 512, True)):
        with open(f'{out}/{name}', 'wb') as f:
            f.write(draw(size, maskable))


if __name__ == '__main__':
    main()
