"""Label reading with RapidOCR: PP-OCR models shipped inside the PyPI package, run on the CPU.

The models load once per process on first use (about a second), then a photo takes a few
hundred milliseconds. Chosen over Tesseract by measurement (bench/ocr_engines.py): it reads
vertical columns and brush lettering that Tesseract's Japanese models miss.
"""

from __future__ import annotations

import logging
import threading
from typing import Any

import numpy as np
from PIL import Image

from sakesensei.engines.vision.reading import ReadLine

# Measured on the generated label set (bench/scan_accuracy.py): the 0/180-degree line
# classifier tripled the time of a photo and changed no answer (phones store the turn in
# EXIF, applied before OCR); text detection on at most 960 pixels a side halved the rest
# and missed nothing that 1280 found.
FAST_LABELS: dict[str, Any] = {
    "Global.use_cls": False,
    "Det.limit_type": "max",
    "Det.limit_side_len": 960,
}


class RapidOcrReader:
    def __init__(self, threads: int = 0, params: dict[str, Any] | None = None) -> None:
        self._threads = threads
        self._params = FAST_LABELS if params is None else params
        self._engine: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        if self._engine is None:
            with self._lock:
                if self._engine is None:
                    # Imported here: onnxruntime and the models cost a second that commands
                    # which never read a label should not pay.
                    from rapidocr import RapidOCR

                    params: dict[str, Any] = {"Global.log_level": "warning"}
                    params.update(self._params)
                    if self._threads > 0:
                        params["EngineConfig.onnxruntime.intra_op_num_threads"] = self._threads
                    self._engine = RapidOCR(params=params)
                    logging.getLogger("RapidOCR").setLevel(logging.WARNING)
        return self._engine

    def warm_up(self) -> None:
        self._load()

    def read(self, image: Image.Image) -> list[ReadLine]:
        engine = self._load()
        result = engine(np.asarray(image.convert("RGB"))[:, :, ::-1])  # RapidOCR wants BGR
        if result.txts is None or result.boxes is None:
            return []
        lines = []
        for text, score, box in zip(result.txts, result.scores, result.boxes, strict=True):
            xs = [float(p[0]) for p in box]
            ys = [float(p[1]) for p in box]
            lines.append(ReadLine(str(text), float(score), (min(xs), min(ys), max(xs), max(ys))))
        return lines
