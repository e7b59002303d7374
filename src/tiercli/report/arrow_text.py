"""Text columns as Arrow byte buffers: what the CSV writer and the workbook's block writer both
read to decide, a column at a time, whether any cell needs quoting or escaping, and to write
joined cells without making a Python string per cell."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa


def byte_set(chars: str) -> np.ndarray:
    """A 256-entry look-up table: True for the (ASCII) bytes of *chars*."""
    table = np.zeros(256, dtype=bool)
    table[[ord(c) for c in chars]] = True
    return table


def arrow_text(values: pd.Series) -> pa.Array | None:
    """An Arrow-held text column as one ``large_string`` array (the chunks joined), or None for
    a column not held by Arrow."""
    dtype = values.dtype
    if not (isinstance(dtype, pd.StringDtype) and dtype.storage == "pyarrow"):
        return None
    array = pa.array(values.array)
    if isinstance(array, pa.ChunkedArray):
        array = array.combine_chunks()
    return array.cast(pa.large_string())


def text_bytes(array: pa.Array) -> tuple[np.ndarray, np.ndarray]:
    """(the data bytes, the offsets of the cells: one more than cells) of a large_string array;
    ``raw[bounds[0]:bounds[-1]]`` is every cell's text, one after the other."""
    _validity, offsets, data = array.buffers()
    bounds = np.frombuffer(offsets, dtype=np.int64)[array.offset : array.offset + len(array) + 1]
    raw = np.frombuffer(data, dtype=np.uint8) if data is not None else np.zeros(0, np.uint8)
    return raw, bounds
