"""Read an uploaded workbook in a child process that can be stopped: a memory limit, a CPU limit and a deadline.

- The server starts `python -m app.services.imports.worker SECONDS MEGABYTES` for
  each .xlsx or .xls upload, writes the file to its stdin and reads the sheets back
  as JSON (plain data: never pickle from a process that read a hostile file).
- The child first limits itself: its address space may grow by MEGABYTES
  (RLIMIT_AS) and it may use SECONDS of CPU (RLIMIT_CPU, then the kernel stops it);
  it imports only the readers (no database, no web framework), so it starts fast.
- The server waits at most SECONDS (LANTAI_IMPORT_PARSE_SECONDS) and kills it
  after: a request never waits longer, and a server shutting down never waits on a
  parse for more than that. A child that ran out of time or memory answers 413
  naming the bound; a refusal the readers made (413, 415) is passed on as it was.
- At most PARSES_AT_ONCE workers run at once in a server process: an upload waits
  its turn for at most SECONDS, then is answered 503 `UploadsBusy` (Retry-After),
  so that a burst of uploads takes a bounded share of the machine.
- The child reports the time and the memory it spent; the server logs them
  (logger `lantai.imports`), so what an upload costs can be seen and tested.
"""

import json
import logging
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass

from app import errors
from app.errors import AppError
from app.i18n import Text
from app.services.imports import limits
from app.services.imports.limits import CellValue, LongText, Uncomputed
from app.services.imports.sheet import Sheet, SheetRow
from app.services.imports.workbooks import workbook_sheets

log = logging.getLogger("lantai.imports")
PARSES_AT_ONCE = 2
_TURNS = threading.BoundedSemaphore(PARSES_AT_ONCE)
_PASSED_ON = {"PayloadTooLarge": errors.PayloadTooLarge, "UnsupportedFileType": errors.UnsupportedFileType}
_OUT_OF_TIME = (-signal.SIGXCPU, -signal.SIGKILL)


@dataclass(frozen=True, slots=True)
class WorkerLimits:
    """What one upload's reading may spend: wall-clock and CPU seconds, and memory growth in MiB."""

    seconds: float
    memory_mb: int


def read_in_worker(content: bytes, bounds: WorkerLimits) -> list[Sheet]:
    """The workbook's sheets, read in a child process within `bounds` (once a turn is free); its refusal raised here."""
    if not _TURNS.acquire(timeout=bounds.seconds):
        raise errors.UploadsBusy(
            Text(
                "other uploads are being read; send the file again in a moment",
                "服务器正在读取其他上传的文件，请稍后重新上传",
            )
        )
    try:
        return _read(content, bounds)
    finally:
        _TURNS.release()


def _read(content: bytes, bounds: WorkerLimits) -> list[Sheet]:
    command = [sys.executable, "-m", __name__, str(bounds.seconds), str(bounds.memory_mb)]
    started = time.monotonic()
    with subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE) as child:
        try:
            output, failure = child.communicate(content, timeout=bounds.seconds)
        except subprocess.TimeoutExpired:
            child.kill()
            child.communicate()
            log.warning("an upload took more than %s s to read; its worker was stopped", bounds.seconds)
            raise _out_of_time(bounds) from None
    elapsed = time.monotonic() - started
    if child.returncode != 0 or not output:
        raise _failed(child.returncode, failure, bounds)
    answer = json.loads(output)
    growth_mb = answer["growth_kb"] / 1024
    log.info(
        "an upload read in a worker: %.2f s, memory grew by %.1f MB",
        elapsed,
        growth_mb,
        extra={"parse_seconds": elapsed, "parse_growth_mb": growth_mb},
    )
    if "error" in answer:
        raise _PASSED_ON.get(answer["error"], errors.UnsupportedFileType)(Text(answer["en"], answer["zh"]))
    return [
        Sheet(name, [SheetRow(number, tuple(map(_cell, cells))) for number, cells in rows])
        for name, rows in answer["sheets"]
    ]


def _failed(returncode: int, failure: bytes, bounds: WorkerLimits) -> AppError:
    """The refusal for a worker that ended without an answer: out of time, out of memory, or (logged) neither."""
    if returncode in _OUT_OF_TIME:
        log.warning("an upload's worker ran out of CPU time (%s)", returncode)
        return _out_of_time(bounds)
    if b"MemoryError" in failure:
        log.warning("an upload's worker ran out of memory")
        return _out_of_memory(bounds)
    log.error("an upload's worker failed (%s): %s", returncode, failure[-2000:].decode(errors="replace"))
    return limits.unreadable("the workbook could not be read", "无法读取该工作簿")


def _out_of_time(bounds: WorkerLimits) -> AppError:
    return limits.too_large(
        f"reading it takes more than {bounds.seconds:g} s; split it into smaller files",
        f"读取该文件超过 {bounds.seconds:g} 秒，请拆分为多个文件",
    )


def _out_of_memory(bounds: WorkerLimits) -> AppError:
    return limits.too_large(
        f"reading it needs more than {bounds.memory_mb} MB of memory; split it into smaller files",
        f"读取该文件需要超过 {bounds.memory_mb} MB 内存，请拆分为多个文件",
    )


def _plain(value: CellValue) -> object:
    if isinstance(value, LongText):
        return {"long": value.length, "start": value.start}
    if isinstance(value, Uncomputed):
        return {"formula": True}
    return value


def _cell(value: object) -> CellValue:
    if isinstance(value, dict):
        return LongText(str(value["start"]), int(value["long"])) if "long" in value else limits.UNCOMPUTED
    return value  # type: ignore[return-value]  # JSON gives back the str, int, float, bool or None written


def _memory_kb(field: str) -> int:
    """A figure of this process's memory (VmRSS, VmHWM: the peak of this process image, not of the server that
    started it, as getrusage's would be), or 0 where the system does not say."""
    try:
        with open("/proc/self/status") as status:
            return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))
    except (OSError, StopIteration):
        return 0


def _limit_self(seconds: float, memory_mb: int) -> None:
    """Limit this process's CPU time and address space (where the system lets it)."""
    cpu = int(seconds) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    size_kb = _memory_kb("VmSize")
    if not size_kb:
        return
    allowed = size_kb * 1024 + memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (allowed, allowed))


def main() -> None:
    """The child: limit itself, read the file from stdin, write the sheets (or the refusal) as JSON."""
    _limit_self(float(sys.argv[1]), int(sys.argv[2]))
    resident = _memory_kb("VmRSS")
    answer: dict[str, object]
    try:
        sheets = workbook_sheets(sys.stdin.buffer.read())
        answer = {"sheets": [[s.name, [[r.number, [_plain(c) for c in r.cells]] for r in s.rows]] for s in sheets]}
    except AppError as refused:
        answer = {"error": refused.error, "en": refused.detail.en, "zh": refused.detail.zh}
    except MemoryError:
        memory = _out_of_memory(WorkerLimits(float(sys.argv[1]), int(sys.argv[2])))
        answer = {"error": memory.error, "en": memory.detail.en, "zh": memory.detail.zh}
    answer["growth_kb"] = max(0, _memory_kb("VmHWM") - resident)
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    main()
