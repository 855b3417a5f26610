"""Telephone-band adaptation of the offline English model, built once at setup.

The pocketsphinx wheel's English model was trained on 16 kHz speech; phone audio, upsampled
by `front_end`, has nothing above 4 kHz, so every frame's cepstrum sits away from where the
model expects it. A global MLLR transform (one regression class: per feature stream a 13 x 13
matrix and a shift applied to every Gaussian mean) learnt from speech that went through the
phone channel moves the model to that channel. One class keeps the parameters few enough
for the little speech there is to learn from.

What it learns from: the human recordings in Debian's `pocketsphinx-testdata` with their
transcripts (`human_recordings`: 13 utterances, about 42 s, several speakers), never
synthetic speech. The accuracy benchmark speaks with espeak-ng and flite: adapting to those
voices would tune the model to the test. Each recording is taken to 8 kHz (sox), upsampled
by the runtime's own `PhoneFrontEnd`, and its cepstra written by the decoder's own front end
(pocketsphinx's `mfclogdir`), so the features are exactly those the decoders see.

The steps are those of CMU's "adapting the default acoustic model", fitted to the wheel's
model, which lacks two files sphinxtrain needs: its model definition is binary (converted to
text by `pocketsphinx_mdef_convert`) and its mixture weights come only as `sendump`
(`runtime.voice.asr.sendump`). Sphinxtrain's `bw` collects the statistics, `mllr_solve`
computes the transform. Debian packages: sphinxtrain, pocketsphinx, pocketsphinx-testdata.

`python -m runtime.voice.asr.adaptation [--output PATH]` (run by `make setup`) writes the
transform where `phone_transform` looks for it.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from runtime.voice.asr.front_end import MODEL_RATE, PhoneFrontEnd
from runtime.voice.asr.phone_transform import INSTALLED, transform_problem
from runtime.voice.asr.sendump import read_sendump, write_mixture_weights

TESTDATA = Path("/usr/share/pocketsphinx/test/data")
SPHINXTRAIN = Path("/usr/lib/sphinxtrain")
MDEF_CONVERT = "pocketsphinx_mdef_convert"
PHONE_RATE = 8000
FRAME_BYTES = PHONE_RATE * 2 // 50
"""20 ms of phone audio: fed to the front end as RTP would bring it."""
LOOSE_RECORDINGS = (
    ("goforward", "goforward.raw", "go forward ten meters"),
    ("something", "something.raw", "go somewhere and do something"),
    ("tidigits", "tidigits/dhd.2934z.raw", "two nine three four zero"),
)
"""Recordings of the test data without a transcription file: what is said in each."""
MODEL_FILES = ("means", "variances", "transition_matrices", "noisedict", "feat.params")
TOOL_TIMEOUT_S = 600


class AdaptationError(RuntimeError):
    """The transform could not be built (a missing tool or package, a failed step)."""


@dataclass(frozen=True, slots=True)
class Recording:
    name: str
    path: Path
    words: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Built:
    path: Path
    utterances: int
    seconds: float


def human_recordings(data: Path = TESTDATA) -> list[Recording]:
    """The test data's recordings of people speaking, with what they say."""
    recordings = []
    for folder, transcription in (("cards", "cards.transcription"),
                                  ("librivox", "transcription")):
        for line in (data / folder / transcription).read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            text, _, uttid = line.rpartition("(")
            uttid = uttid.strip(" )")
            words = tuple(word for word in text.split() if word not in ("<s>", "</s>"))
            recordings.append(Recording(f"{folder}-{uttid}", data / folder / f"{uttid}.wav",
                                        words))
    for name, file, text in LOOSE_RECORDINGS:
        recordings.append(Recording(name, data / file, tuple(text.split())))
    return recordings


def phone_channel(recording: Path) -> bytes:
    """A 16 kHz recording (WAV, or headerless 16-bit PCM) as 8 kHz phone audio."""
    source = ["-t", "raw", "-r", str(MODEL_RATE), "-e", "signed", "-b", "16", "-c", "1"]
    # -D: no dither, so the same recordings always give the same transform
    command = ["sox", "-D", *(source if recording.suffix == ".raw" else []), str(recording),
               "-r", str(PHONE_RATE), "-c", "1", "-b", "16", "-e", "signed", "-t", "raw", "-"]
    return _run(command).stdout


def write_cepstra(name: str, pcm: bytes, folder: Path) -> Path:
    """The cepstra the decoders compute for phone audio `pcm`, as `folder/name.mfc`."""
    from pocketsphinx import Decoder

    from runtime.voice.asr.decoder_pool import DECODER_OPTIONS

    with tempfile.TemporaryDirectory(prefix="cepstra-") as log:
        decoder = Decoder(**{**DECODER_OPTIONS, "mfclogdir": log})
        decoder.add_keyphrase("any", "go")  # a search to run; only the cepstra are kept
        decoder.activate_search("any")
        front_end = PhoneFrontEnd(PHONE_RATE)
        decoder.start_utt()
        for offset in range(0, len(pcm), FRAME_BYTES):
            audio = front_end.process(pcm[offset:offset + FRAME_BYTES])
            if audio:
                decoder.process_raw(audio, full_utt=False)
        decoder.end_utt()
        [written] = Path(log).glob("*.mfc")
        return Path(shutil.move(str(written), folder / f"{name}.mfc"))


def training_model(model: Path, folder: Path) -> Path:
    """The wheel's model in the files sphinxtrain reads, in `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in MODEL_FILES:
        (folder / name).symlink_to(model / name)
    _run([_tool(MDEF_CONVERT, "pocketsphinx"), "-text", str(model / "mdef"),
          str(folder / "mdef.txt")])
    write_mixture_weights(read_sendump(model / "sendump"), folder / "mixture_weights")
    return folder


def build(output: Path = INSTALLED, data: Path = TESTDATA) -> Built:
    """Learn the transform from `data`'s human recordings and write it to `output`."""
    from pocketsphinx import get_model_path

    bw = _tool(str(SPHINXTRAIN / "bw"), "sphinxtrain")
    solve = _tool(str(SPHINXTRAIN / "mllr_solve"), "sphinxtrain")
    if not data.is_dir():
        raise AdaptationError(f"no adaptation speech in {data}: install the Debian package "
                              "pocketsphinx-testdata")
    model = Path(get_model_path()) / "en-us"
    with tempfile.TemporaryDirectory(prefix="phone-adaptation-") as temporary:
        work = Path(temporary)
        hmm = training_model(model / "en-us", work / "model")
        (work / "cepstra").mkdir()
        (work / "counts").mkdir()
        recordings = human_recordings(data)
        seconds = 0.0
        for recording in recordings:
            pcm = phone_channel(recording.path)
            seconds += len(pcm) / (2 * PHONE_RATE)
            write_cepstra(recording.name, pcm, work / "cepstra")
        (work / "adapt.fileids").write_text("".join(f"{r.name}\n" for r in recordings))
        (work / "adapt.transcription").write_text("".join(
            f"<s> {' '.join(r.words)} </s> ({r.name})\n" for r in recordings))
        _run([bw, "-hmmdir", str(hmm), "-moddeffn", str(hmm / "mdef.txt"),
              "-ts2cbfn", ".ptm.", "-feat", "1s_c_d_dd", "-svspec", "0-12/13-25/26-38",
              "-cmn", "batch", "-agc", "none", "-timing", "no",
              "-dictfn", str(model / "cmudict-en-us.dict"), "-fdictfn", str(hmm / "noisedict"),
              "-ctlfn", str(work / "adapt.fileids"),
              "-lsnfn", str(work / "adapt.transcription"),
              "-cepdir", str(work / "cepstra"), "-accumdir", str(work / "counts")])
        _run([solve, "-meanfn", str(hmm / "means"), "-varfn", str(hmm / "variances"),
              "-outmllrfn", str(work / "transform"), "-accumdir", str(work / "counts")])
        text = (work / "transform").read_text(encoding="ascii")
        problem = transform_problem(text)
        if problem:
            raise AdaptationError(f"mllr_solve wrote no usable transform: {problem}")
        output.parent.mkdir(parents=True, exist_ok=True)
        partial = output.with_name(output.name + ".partial")
        partial.write_text(text, encoding="ascii")
        os.replace(partial, output)
    return Built(output, len(recordings), seconds)


def _tool(command: str, package: str) -> str:
    found = shutil.which(command)
    if found is None:
        raise AdaptationError(f"{command} is missing: install the Debian package {package}")
    return found


def _run(command: list[str]) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(command, check=True, capture_output=True, timeout=TOOL_TIMEOUT_S)
    except subprocess.CalledProcessError as exc:
        tail = exc.stderr.decode(errors="replace").strip().splitlines()[-5:]
        raise AdaptationError(f"{Path(command[0]).name} failed: " + " / ".join(tail)) from None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=INSTALLED,
                        help=f"where to write the transform (default {INSTALLED})")
    parser.add_argument("--data", type=Path, default=TESTDATA,
                        help="the pocketsphinx test data holding the human recordings")
    args = parser.parse_args(argv)
    try:
        built = build(args.output, args.data)
    except AdaptationError as exc:
        print(f"phone adaptation: {exc}", file=sys.stderr)
        return 1
    print(f"phone adaptation: {built.path} from {built.utterances} utterances "
          f"({built.seconds:.0f} s of human speech)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
