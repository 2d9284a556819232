#!/usr/bin/env bash
# The GPU path end to end, on a machine with an NVIDIA GPU and driver but no CUDA 12 cuBLAS on the loader's path.
#   STAGE=/path/with/whl,model,audio  bash benchmarks/gpu_device_check.sh
# STAGE holds: whl/ (ctranslate2, faster-whisper, av, the app's dependencies, patchelf), model/ (a faster-whisper
# model folder), audio/ (P01.mp3, P04.m4a with their *.segments.json). Run from the repository root.
#   1. doctor and a forced-GPU transcription with no CUDA 12 libraries: the worker falls back and says why;
#   2. a folder laid out as the nvidia-cublas-cu12 wheel lays it out (built from the machine's CUDA 13 cuBLAS
#      with the CUDA 12 sonames when no CUDA 12 wheel is at hand) on the import path: doctor and the worker
#      find it, and transcription runs on the GPU;
#   3. the benchmark: app vs bare faster-whisper on the GPU, float16 and int8_float16, WER on both recordings;
#      with LONG="6min 2h" also the long-recording rows. SKIP_FALLBACK=1 leaves out step 1; COMPUTE_TYPES
#      chooses the compute types of step 3.
set -uo pipefail
STAGE=${STAGE:-/tmp/stage}
WORK=${WORK:-/tmp/qda-gpu}
mkdir -p "$WORK/home"
export PYTHONUNBUFFERED=1 HOME="$WORK/home" QDA_WHISPER_MODEL="$STAGE/model" QDA_PASSPHRASE=gpu-check
PY=${PYTHON:-python3}
if [ -d "$STAGE/whl" ]; then
  "$PY" -m pip install -q --no-index --no-deps --no-compile --no-cache-dir --upgrade --target "$WORK/site" \
    "$STAGE"/whl/*.whl || exit 1
fi
export PYTHONPATH="$WORK/site"
PATH="$WORK/site/bin:$PATH"
qda() { "$PY" -m qda_desktop.cli "$@"; }
clip() {  # the first $2 seconds of $1 as 16 kHz WAV, decoded with PyAV
  "$PY" - "$1" "$2" "$3" <<'PY'
import sys, wave, numpy as np
from qda_desktop.transcribe.recordings import decode
audio = decode(sys.argv[1])[: int(float(sys.argv[2]) * 16000)]
with wave.open(sys.argv[3], "wb") as out:
    out.setnchannels(1); out.setsampwidth(2); out.setframerate(16000)
    out.writeframes((np.clip(audio, -1, 1) * 32767).astype("<i2").tobytes())
PY
}

echo "== machine"
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader
echo "LD_LIBRARY_PATH=${LD_LIBRARY_PATH:-}"
ldconfig -p | grep -E "libcublas|libcudnn\.so" || echo "(the system loader knows no cuBLAS/cuDNN)"
"$PY" -c "import ctranslate2; print('CTranslate2', ctranslate2.__version__, 'sees', ctranslate2.get_cuda_device_count(), 'GPU(s)')"

clip "$STAGE/audio/P01.mp3" 30 "$WORK/clip30.wav"
if [ -z "${SKIP_FALLBACK:-}" ]; then
echo "== 1. no CUDA 12 libraries"
qda doctor
qda new "$WORK/fallback.qdaproj" >/dev/null
qda transcribe "$WORK/fallback.qdaproj" "$WORK/clip30.wav" --device cuda --language en 2>&1 | tr '\r' '\n' | grep -v '^\[' | tail -4

fi

echo "== 2. the nvidia-cublas-cu12 layout on the import path"
CU13=$(dirname "$(find / -name 'libcublas.so.13' -path '*nvidia*' 2>/dev/null | head -1)")
WHEEL="$WORK/cu12/nvidia/cublas/lib"
mkdir -p "$WHEEL"
cp "$CU13/libcublasLt.so.13" "$WHEEL/libcublasLt.so.12"
cp "$CU13/libcublas.so.13" "$WHEEL/libcublas.so.12"
patchelf --set-soname libcublasLt.so.12 "$WHEEL/libcublasLt.so.12"
patchelf --set-soname libcublas.so.12 --replace-needed libcublasLt.so.13 libcublasLt.so.12 "$WHEEL/libcublas.so.12"
echo "built from $CU13: $(ls "$WHEEL" | tr '\n' ' ')"
export PYTHONPATH="$WORK/site:$WORK/cu12"
qda doctor
qda new "$WORK/gpu.qdaproj" >/dev/null
qda transcribe "$WORK/gpu.qdaproj" "$WORK/clip30.wav" --device cuda --language en 2>&1 | tr '\r' '\n' | grep -v '^\[' | tail -4
"$PY" - "$WORK/gpu.qdaproj" <<'PY'
import sys
from sqlalchemy import select
from qda_desktop.core.project import Project
from qda_desktop.store.models import Transcription
with Project.open(sys.argv[1], "gpu-check") as project, project.read() as session:
    for t in session.scalars(select(Transcription)):
        print(f"provenance: {t.status} on {t.device}/{t.compute_type}, {t.audio_duration_s:.0f} s in {t.wall_s:.1f} s")
PY

echo "== 3. benchmark on the GPU (bare faster-whisper needs the folder on LD_LIBRARY_PATH)"
export LD_LIBRARY_PATH="$WHEEL:${LD_LIBRARY_PATH:-}"
for audio in ${BENCH_AUDIO-P01.mp3 P04.m4a}; do
  "$PY" -m benchmarks.transcribe_bench --audio "$STAGE/audio/$audio" --device cuda \
    --compute-type ${COMPUTE_TYPES:-float16 int8_float16} --batch-size 16
done
if [ -n "${LONG:-}" ]; then  # long recordings (the app alone, peak memory of both processes): needs audio/*.wav
  QDA_CORPUS_AUDIO="$STAGE/audio" "$PY" -m benchmarks.transcribe_bench --long $LONG --device cuda
fi
