"""Speech recognition providers behind one interface (see `base`), and the per-language rule
that picks one (`selection`): offline pocketsphinx for English, cloud ASR for the rest."""

from runtime.voice.asr.base import (
    AsrError,
    BufferedStream,
    RecognitionStream,
    Recognizer,
    StreamRequest,
    Transcript,
)

__all__ = ["AsrError", "BufferedStream", "RecognitionStream", "Recognizer", "StreamRequest",
           "Transcript"]
