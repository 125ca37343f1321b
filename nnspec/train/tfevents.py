"""TensorBoard's event files, written directly: scalars and the resume marker, nothing else.

``torch.utils.tensorboard`` imports tensorboard's TensorFlow stub and protobuf (0.8 s, as
long as a small spec's training), to write what is a short binary record per metric. The
format is TensorBoard's (TFRecord framing of ``Event`` messages, tensorboard/compat/proto/
event.proto), and tests read the files back with TensorBoard's own ``EventAccumulator``.

A record is: length (uint64 LE), masked CRC-32C of the length, the bytes, masked CRC-32C
of the bytes.
"""

from __future__ import annotations

import itertools
import os
import socket
import struct
import time
from pathlib import Path


def _crc_table() -> list[int]:
    table = []
    for byte in range(256):
        crc = byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)  # CRC-32C, reflected
        table.append(crc)
    return table


TABLE = _crc_table()


def crc32c(data: bytes) -> int:
    crc = 0xFFFFFFFF
    for byte in data:
        crc = TABLE[(crc ^ byte) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked(crc: int) -> int:
    """TFRecord's masked CRC, so a CRC stored inside data does not check itself."""
    return (((crc >> 15) | (crc << 17)) + 0xA282EAD8) & 0xFFFFFFFF


def record(data: bytes) -> bytes:
    length = struct.pack("<Q", len(data))
    return b"".join(
        (
            length,
            struct.pack("<I", masked(crc32c(length))),
            data,
            struct.pack("<I", masked(crc32c(data))),
        )
    )


def _varint(value: int) -> bytes:
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    """A length-delimited field (wire type 2)."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def event(step: int, body: bytes) -> bytes:
    """An ``Event``: wall_time (1, double), step (2, varint), then one of its ``what`` fields."""
    return b"\x09" + struct.pack("<d", time.time()) + b"\x10" + _varint(step) + body


def scalars(step: int, values: dict[str, float]) -> bytes:
    """An Event whose summary (5) holds one Value per tag: tag (1), simple_value (2, float)."""
    summary = b"".join(
        _field(1, _field(1, tag.encode()) + b"\x15" + struct.pack("<f", value))
        for tag, value in values.items()
    )
    return event(step, _field(5, summary))


def start(step: int) -> bytes:
    """A SessionLog (7) with status START (1): TensorBoard drops events from ``step`` on."""
    return event(step, _field(7, b"\x08\x01"))


FILES = itertools.count()  # a resume in the same process and second gets a file of its own


class EventFile:
    """One events file in ``directory``, named as TensorBoard's writers name theirs."""

    def __init__(self, directory: Path, purge_step: int | None = None):
        directory.mkdir(parents=True, exist_ok=True)
        stamp, host = f"{int(time.time()):010d}", socket.gethostname()
        name = f"events.out.tfevents.{stamp}.{host}.{os.getpid()}.{next(FILES)}"
        self.file = open(directory / name, "ab")  # noqa: SIM115  (open for the run)
        self.write(event(purge_step or 0, _field(3, b"brain.Event:2")))
        if purge_step is not None:
            self.write(start(purge_step))

    def write(self, data: bytes) -> None:
        self.file.write(record(data))
        self.file.flush()  # TensorBoard reads a file as it grows: each record whole

    def close(self) -> None:
        self.file.close()
