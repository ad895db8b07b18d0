"""The local web page and its JSON API (Starlette).

``create_app`` wires one Screener (built in a background thread at start-up, so the first page
answers at once), the verdict store, the session store and the guard. Screenings run in worker
threads, at most ``workers`` at a time, so several users' uploads never block the page. Every
page works without JavaScript; the one script only adds drag and drop and a progress indication.
"""

from __future__ import annotations

import contextlib
import datetime as _dt
import getpass
import json
import logging
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable
from urllib.parse import quote

import anyio
from starlette.applications import Starlette
from starlette.datastructures import UploadFile
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.requests import Request
from starlette.responses import JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from ..errors import BundlinjeError, RulesError
from ..ingest.detect import ACCEPTED
from ..ingest.limits import Limits, format_mb
from ..models import AnswerRecord
from ..rulebook import NOT_ANSWERED
from . import view, work
from .guard import SECURITY_HEADERS, Guard, GuardConfig, hosts_for, session_cookie_name
from .sessions import Case, SessionStore, new_case_id

try:  # written on another branch; the page offers it only where it is installed
    from ..annotate import annotate_docx
except ImportError:  # pragma: no cover - depends on what is merged
    annotate_docx = None

log = logging.getLogger("relationel_bundlinje.web")

HERE = Path(__file__).resolve().parent
#: Room in a request for the form around the file (boundaries, an answers file, small fields).
FORM_ALLOWANCE = 6 * 1024 * 1024
STATEMENT_KINDS = {"docx": "konsekvenser", "md": "konsekvenser", "json": "konsekvenser"}
MEDIA = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "yaml": "application/yaml; charset=utf-8",
}
MSG_NO_ANNOTATE = (
    "Udkastet med Word-kommentarer er ikke tilgængeligt i denne version af værktøjet. "
    "Hent i stedet afsnittet som Word-dokument."
)
MSG_INTERNAL = "Der opstod en intern fejl i værktøjet. Prøv igen, og meld gerne fejlen til udviklerne."


@dataclass
class Settings:
    token: str
    port: int = 8765
    host: str = "127.0.0.1"
    reviews: Path = field(default_factory=lambda: Path("reviews.jsonl"))
    workers: int = 2
    session_ttl: float = 4 * 3600
    max_cases: int = 20
    reviewer: str | None = None


class ScreenerHolder:
    """The one Screener of the process, loaded in the background so the page answers at once."""

    def __init__(self, factory: Callable[[], Any]) -> None:
        self._factory = factory
        self._ready = threading.Event()
        self._value: Any = None
        self._error: BaseException | None = None
        self._started = False
        self._lock = threading.Lock()
        self.load_seconds: float | None = None

    def start(self) -> None:
        with self._lock:
            if self._started:
                return
            self._started = True
        threading.Thread(target=self._load, name="bundlinje-indlaes", daemon=True).start()

    def _load(self) -> None:
        t0 = time.perf_counter()
        try:
            self._value = self._factory()
        except BaseException as err:  # noqa: BLE001 - reported to every caller
            self._error = err
        finally:
            self.load_seconds = time.perf_counter() - t0
            self._ready.set()

    def get(self) -> Any:
        """The Screener (blocking until loaded; call from a worker thread)."""
        self.start()
        self._ready.wait()
        if self._error is not None:
            if isinstance(self._error, BundlinjeError):
                raise self._error
            raise BundlinjeError("Værktøjets regler eller model kunne ikke indlæses.") from self._error
        return self._value


def status_for(err: BaseException) -> int:
    if isinstance(err, work.UnsupportedFormat):
        return 415
    if isinstance(err, (work.FormProblem, RulesError)):
        return 422
    return 400


def create_app(settings: Settings, screener_factory: Callable[[], Any] | None = None) -> Starlette:
    """The ASGI app. ``screener_factory`` builds the Screener (default: ``Screener.default``)."""
    if screener_factory is None:
        from ..pipeline import Screener

        screener_factory = Screener.default
    limits = Limits.from_env()
    holder = ScreenerHolder(screener_factory)
    store = SessionStore(ttl=settings.session_ttl, max_cases=settings.max_cases)
    limiter = anyio.CapacityLimiter(max(1, settings.workers))
    import jinja2

    # Autoescape everything, whatever a template's name: file names and bill text are the user's.
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(HERE / "templates")), autoescape=True)
    templates = Jinja2Templates(env=env)
    templates.env.globals.update(accepted=ACCEPTED, limit=format_mb(limits.max_bytes))
    reviewer = settings.reviewer if settings.reviewer is not None else _login_name()
    port = settings.port
    reviews = settings.reviews

    async def run(fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        return await anyio.to_thread.run_sync(lambda: fn(*args, **kwargs), limiter=limiter)

    async def screener() -> Any:
        return await anyio.to_thread.run_sync(holder.get)

    # -- helpers

    def wants_json(request: Request) -> bool:
        return "application/json" in request.headers.get("accept", "")

    def session_of(request: Request):
        return store.get(request.cookies.get(session_cookie_name(port)))

    def page(request: Request, name: str, context: dict[str, Any], status: int = 200) -> Response:
        context.setdefault("title", "Relationel bundlinje")
        response = templates.TemplateResponse(request, name, context, status_code=status)
        return response

    def error(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/") or wants_json(request):
            return JSONResponse({"fejl": message}, status_code=status)
        return page(request, "fejl.html", {"title": "Fejl – Relationel bundlinje", "status": status, "message": message}, status)

    def case_or_404(request: Request) -> Case:
        found = store.case(session_of(request), request.path_params["case_id"])
        if found is None:
            raise HTTPException(404, "Sagen findes ikke (længere). Upload lovforslaget igen.")
        return found

    async def read_form(request: Request):
        ctype = request.headers.get("content-type", "")
        if not ctype.lower().startswith("multipart/form-data"):
            raise work.UnsupportedFormat("Forespørgslen skal sendes som en formular med en fil (multipart/form-data).")
        try:
            return await request.form(max_files=2, max_fields=200, max_part_size=1024 * 1024)
        except HTTPException:
            raise work.FormProblem("Formularen kunne ikke læses. Vælg filen igen, og send den på ny.") from None

    async def upload_bytes(form, key: str, *, required: bool) -> tuple[bytes | None, str]:
        item = form.get(key)
        if isinstance(item, UploadFile):
            if not item.filename and not item.size:
                item = None
        elif isinstance(item, str) and key == "answers" and item.strip():
            return item.encode("utf-8"), "svar.yaml"
        else:
            item = None
        if item is None:
            if required:
                raise work.FormProblem("Vælg det lovforslag, der skal screenes (feltet »file«).")
            return None, ""
        data = await item.read(limits.max_bytes + 1)
        name = work.display_name(item.filename)
        if len(data) > limits.max_bytes:
            raise TooBig()
        return data, name

    def fixed_date_of(form) -> str | None:
        raw = form.get("fixed_date")
        if not isinstance(raw, str) or not raw.strip():
            return None
        try:
            return _dt.date.fromisoformat(raw.strip()).isoformat()
        except ValueError:
            raise work.FormProblem(f"Datoen »{raw.strip()[:20]}« er ugyldig. Angiv den som ÅÅÅÅ-MM-DD, fx 2024-05-01.") from None

    # -- pages

    async def index(request: Request) -> Response:
        session = session_of(request)
        cases = list(reversed(session.cases.values())) if session else []
        return page(request, "index.html", {"cases": cases})

    async def screen_page(request: Request) -> Response:
        try:
            form = await read_form(request)
            data, name = await upload_bytes(form, "file", required=True)
            answers_data, answers_name = await upload_bytes(form, "answers", required=False)
            answers_text = work.decode_answers(answers_data, answers_name) if answers_data is not None else None
            work.check_format(name)
            t0 = time.perf_counter()
            bill = await run(work.read_bill, data, name)
            s = await screener()
            result = await run(work.screen_upload, s, bill, answers_text=answers_text,
                               answers_name=answers_name, reviews=reviews)
            seconds = time.perf_counter() - t0
        except TooBig:
            return error(request, 413, f"Filen er for stor; grænsen er {format_mb(limits.max_bytes)}.")
        except BundlinjeError as err:
            if wants_json(request):
                return JSONResponse({"fejl": err.message}, status_code=status_for(err))
            session = session_of(request)
            return page(request, "index.html", {"cases": list(reversed(session.cases.values())) if session else [],
                                                "problem": err.message}, status_for(err))
        session = session_of(request) or store.create()
        case = Case(id=new_case_id(), name=name, data=data, bill=result.bill, assessment=result.assessment, seconds=seconds,
                    answers={a.question_id: a for a in result.answers}, answers_sha256=result.answers_sha256)
        case.key = _state_key(case, reviews)
        store.add_case(session, case)
        log.info("screenede %s på %.2f s", name, seconds)
        target = f"/sag/{case.id}"
        if wants_json(request):
            response: Response = JSONResponse({"adresse": target})
        else:
            response = RedirectResponse(target, status_code=303)
        _set_session(response, session.id, port)
        return response

    async def case_page(request: Request) -> Response:
        case = case_or_404(request)
        s = await screener()
        assessment = await current_assessment(case, s)
        verdicts = _verdicts_for(reviews, case)
        question_text = {q.id: q.question for q in s.rules.questions}
        flagged = view.flagged_clauses(assessment, question_text, verdicts)
        groups = view.question_groups(s.rules)
        answered = sum(1 for a in case.answers.values() if a.answer != NOT_ANSWERED)
        proposed = sum(1 for p in assessment.answers if p.source == "forslag" and p.answer != NOT_ANSWERED)
        return page(request, "sag.html", {
            "title": f"{assessment.bill.title[:80]} – Relationel bundlinje",
            "case": case, "a": assessment, "flagged": flagged, "groups": groups,
            "answered": answered, "proposed": proposed, "total": len(s.rules.questions),
            "dimension_labels": view.DIMENSION_LABELS, "dimension_ids": view.DIMENSION_IDS,
            "directions": view.DIRECTION_LABELS, "annotate": annotate_docx is not None,
            "is_docx": case.name.lower().endswith(".docx"), "no_annotate": MSG_NO_ANNOTATE,
            "saved": request.query_params.get("gemt"), "reviews": str(reviews),
        })

    async def current_assessment(case: Case, s: Any):
        """The assessment with the answers and verdicts given so far (re-screened when stale)."""
        key = _state_key(case, reviews)
        if case.key != key:
            order = [q.id for q in s.rules.questions]
            assessment = await run(work.assess, s, case.bill, case.user_answers(order), reviews=reviews,
                                   answers_sha256=None)
            case.assessment = assessment
            case.key = key
        return case.assessment

    async def with_evidence(case: Case, s: Any) -> Case:
        if case.findings is None or case.proposals is None:
            case.findings, case.proposals = await run(work.evidence, s, case.bill)
        return case

    async def verdict(request: Request) -> Response:
        case = case_or_404(request)
        form = await request.form(max_files=0, max_fields=50)
        ref = str(form.get("ref", ""))
        kind = str(form.get("vurdering", ""))
        clause = next((c for c in case.assessment.clauses if c.ref == ref), None)
        if clause is None or kind not in ("accepted", "rejected", "corrected"):
            return error(request, 422, "Vurderingen kunne ikke gemmes: vælg godkend, afvis eller ret for en af bestemmelserne.")
        dims = [d for d in form.getlist("dimensioner") if d in view.DIMENSION_IDS]
        direction = str(form.get("retning", "")) or None
        if kind == "corrected":
            if direction not in view.DIRECTION_LABELS:
                return error(request, 422, "Vælg en retning for den rettede vurdering.")
            if not dims:
                return error(request, 422, "Vælg mindst én dimension for den rettede vurdering, eller afvis bestemmelsen.")
        from ..review import ReviewStore, Verdict, now

        bill_clause = case.bill.clause(ref)
        v = Verdict(
            bill_title=case.bill.title[:1000], bill_sha256=case.bill.source.sha256, ref=ref,
            start=clause.start, end=clause.end, text=bill_clause.text if bill_clause else clause.text,
            verdict=kind, dimensions=dims if kind == "corrected" else [],  # type: ignore[arg-type]
            direction=direction if kind == "corrected" else None,  # type: ignore[arg-type]
            tool_dimensions=list(clause.dimensions), tool_direction=clause.direction,
            reviewer=reviewer[:200], time=now(),
        )
        try:
            await run(ReviewStore(reviews).add, [v])
        except BundlinjeError as err:
            return error(request, 500, err.message)
        anchor = request.query_params.get("til", "")
        anchor = anchor if anchor.startswith("bestemmelse-") and anchor[12:].isdigit() else ""
        return RedirectResponse(f"/sag/{case.id}?gemt=vurdering" + (f"#{anchor}" if anchor else ""), status_code=303)

    async def questions_page(request: Request) -> Response:
        case = case_or_404(request)
        s = await screener()
        groups = view.question_groups(s.rules)
        n = _group_index(request, groups)
        await with_evidence(case, s)
        if request.method == "POST":
            form = await request.form(max_files=0, max_fields=500)
            values = {k: form.getlist(k) for k in form.keys()}
            action = str(form.get("handling", "gem"))
            if action != "spring":
                for qid, record in view.answers_from_form(groups[n], s.rules, values, case.proposals).items():
                    if record is None:
                        case.answers.pop(qid, None)
                    else:
                        case.answers[qid] = record
            target = {"tilbage": n - 1, "spring": n + 1, "videre": n + 1}.get(action, n)
            if action == "afslut" or target >= len(groups):
                case.position = min(n + 1, len(groups) - 1) if action != "afslut" else n
                return RedirectResponse(f"/sag/{case.id}?gemt=svar#konklusion", status_code=303)
            target = max(0, target)
            case.position = target
            suffix = "?gemt=1" if action == "gem" else ""
            return RedirectResponse(f"/sag/{case.id}/spoergsmaal/{target + 1}{suffix}", status_code=303)
        case.position = n
        group = groups[n]
        questions = view.question_views(group, s.rules, case.bill, case.findings, case.proposals, case.answers)
        return page(request, "spoergsmaal.html", {
            "title": f"Spørgsmål: {group.label} – Relationel bundlinje",
            "case": case, "group": group, "n": n, "groups": groups, "questions": questions,
            "saved": request.query_params.get("gemt"), "not_answered": NOT_ANSWERED,
        })

    async def answers_upload(request: Request) -> Response:
        case = case_or_404(request)
        try:
            form = await read_form(request)
            data, name = await upload_bytes(form, "answers", required=False)
            if data is None:
                raise work.FormProblem("Vælg en svarfil (svar.yaml) at indlæse.")
            text = work.decode_answers(data, name)
            s = await screener()
            records, _sha = await run(work.load_answers_text, s, text, case.bill, name)
        except TooBig:
            return error(request, 413, f"Filen er for stor; grænsen er {format_mb(limits.max_bytes)}.")
        except BundlinjeError as err:
            return error(request, status_for(err), err.message)
        for r in records:
            case.answers[r.question_id] = r
        return RedirectResponse(f"/sag/{case.id}?gemt=svarfil#spoergeskema", status_code=303)

    async def download(request: Request) -> Response:
        case = case_or_404(request)
        kind = request.path_params["kind"]
        s = await screener()
        stem = work.download_stem(case.name)
        if kind == "svar.yaml":
            from ..questionnaire import render_answers

            await with_evidence(case, s)
            order = [q.id for q in s.rules.questions]
            merged = _merged(case, order)
            text = render_answers(merged, case.bill, case.findings, s.rules)
            return _attachment(text.encode("utf-8"), f"svar-{stem}.yaml", MEDIA["yaml"])
        if kind == "kommenteret.docx":
            if annotate_docx is None:
                return error(request, 501, MSG_NO_ANNOTATE)
            if not case.name.lower().endswith(".docx"):
                return error(request, 415, "Udkastet med kommentarer kan kun laves for et Word-dokument (.docx).")
            try:
                # The lawyer's verdicts on this draft decide the comments, as they decide the page.
                data = await run(annotate_docx, case.data, screener=s, reviews=reviews, name=case.name)
            except BundlinjeError as err:
                return error(request, 400, err.message)
            return _attachment(data, f"{stem}-kommenteret.docx", MEDIA["docx"])
        fmt = kind.removeprefix("konsekvenser.")
        if not kind.startswith("konsekvenser.") or fmt not in STATEMENT_KINDS:
            raise HTTPException(404, "Filen findes ikke.")
        from ..statement import render

        assessment = await current_assessment(case, s)
        data = await run(render, assessment, fmt)
        return _attachment(data, f"relationelle-konsekvenser-{stem}.{fmt}", MEDIA[fmt])

    # -- the JSON API

    async def api_screen(request: Request) -> Response:
        try:
            form = await read_form(request)
            data, name = await upload_bytes(form, "file", required=True)
            answers_data, answers_name = await upload_bytes(form, "answers", required=False)
            answers_text = work.decode_answers(answers_data, answers_name) if answers_data is not None else None
            fixed_date = fixed_date_of(form)
            work.check_format(name)
            bill = await run(work.read_bill, data, name)
            s = await screener()
            body = await run(work.screen_api, s, bill, answers_text=answers_text,
                             answers_name=answers_name or "svar.yaml", fixed_date=fixed_date)
        except TooBig:
            return error(request, 413, f"Filen er for stor; grænsen er {format_mb(limits.max_bytes)}.")
        except BundlinjeError as err:
            return JSONResponse({"fejl": err.message}, status_code=status_for(err))
        return Response(body, media_type="application/json")

    async def api_annotate(request: Request) -> Response:
        if annotate_docx is None:
            return JSONResponse({"fejl": MSG_NO_ANNOTATE}, status_code=501)
        try:
            form = await read_form(request)
            data, name = await upload_bytes(form, "file", required=True)
            fixed_date = fixed_date_of(form)
            if work.check_format(name) != "docx":
                raise work.UnsupportedFormat("Udkastet med kommentarer kan kun laves for et Word-dokument (.docx).")
            s = await screener()
            body = await run(annotate_docx, data, screener=s, fixed_date=fixed_date)
        except TooBig:
            return error(request, 413, f"Filen er for stor; grænsen er {format_mb(limits.max_bytes)}.")
        except BundlinjeError as err:
            return JSONResponse({"fejl": err.message}, status_code=status_for(err))
        return _attachment(body, f"{work.download_stem(name)}-kommenteret.docx", MEDIA["docx"])

    async def api_schema(request: Request) -> Response:
        from ..models import PUBLIC_MODELS

        schemas = {name: cls.model_json_schema() for name, cls in PUBLIC_MODELS.items()}
        return Response(json.dumps(schemas, ensure_ascii=False, indent=2), media_type="application/json")

    # -- errors the app raises itself

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        detail = exc.detail if isinstance(exc.detail, str) and exc.status_code in (404,) else None
        messages = {404: "Siden findes ikke.", 405: "Handlingen er ikke tilladt her.", 400: "Ugyldig forespørgsel."}
        return error(request, exc.status_code, detail or messages.get(exc.status_code, "Forespørgslen kunne ikke behandles."))

    async def internal_error(request: Request, exc: Exception) -> Response:
        log.exception("intern fejl", exc_info=exc)
        if isinstance(exc, MemoryError):
            return error(request, 500, "Der var ikke hukommelse nok til at behandle dokumentet.")
        return error(request, 500, MSG_INTERNAL)

    def closing(handler: Callable[[Request], Any]) -> Callable[[Request], Any]:
        """Close the parsed form when the handler is done: an upload over 1 MB is spooled to an
        anonymous temporary file, which goes as soon as it is closed, not when it is collected."""

        async def wrapped(request: Request) -> Response:
            try:
                return await handler(request)
            finally:
                await request.close()

        return wrapped

    routes = [
        Route("/", index, methods=["GET"]),
        Route("/screen", closing(screen_page), methods=["POST"]),
        Route("/sag/{case_id}", case_page, methods=["GET"]),
        Route("/sag/{case_id}/vurdering", closing(verdict), methods=["POST"]),
        Route("/sag/{case_id}/spoergsmaal/{n:int}", closing(questions_page), methods=["GET", "POST"]),
        Route("/sag/{case_id}/svarfil", closing(answers_upload), methods=["POST"]),
        Route("/sag/{case_id}/hent/{kind}", download, methods=["GET"]),
        Route("/api/screen", closing(api_screen), methods=["POST"]),
        Route("/api/annotate", closing(api_annotate), methods=["POST"]),
        Route("/api/schema", api_schema, methods=["GET"]),
        Mount("/static", app=StaticFiles(directory=str(HERE / "static")), name="static"),
    ]
    config = GuardConfig(token=settings.token, port=port, hosts=hosts_for(settings.host, port),
                         max_body=limits.max_bytes + FORM_ALLOWANCE, file_limit=limits.max_bytes)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette):
        holder.start()
        yield

    app = Starlette(
        routes=routes,
        middleware=[Middleware(_Finish), Middleware(Guard, config=config)],
        exception_handlers={HTTPException: http_error, Exception: internal_error},
        lifespan=lifespan,
    )
    app.state.holder = holder
    app.state.store = store
    app.state.config = config
    holder.start()
    return app


class TooBig(Exception):
    """An uploaded file is larger than the reader accepts."""


class _Finish:
    """Outermost: the security headers on every response, refusals included."""

    def __init__(self, app: Any) -> None:
        self.app = app

    async def __call__(self, scope: dict, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        names = {h for h, _ in SECURITY_HEADERS}

        async def finishing_send(message: dict) -> None:
            if message["type"] == "http.response.start":
                headers = [(k, v) for k, v in message.get("headers", []) if k.lower() not in names]
                headers += SECURITY_HEADERS
                if not any(k.lower() == b"cache-control" for k, _ in headers):
                    headers.append((b"cache-control", b"no-store"))
                message = {**message, "headers": headers}
            await send(message)

        await self.app(scope, receive, finishing_send)


def _set_session(response: Response, session_id: str, port: int) -> None:
    response.set_cookie(session_cookie_name(port), session_id, httponly=True, samesite="strict", path="/")


def _attachment(data: bytes, filename: str, media_type: str) -> Response:
    ascii_name = filename.encode("ascii", "ignore").decode() or "fil"
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(data, media_type=media_type, headers={"content-disposition": disposition})


def _group_index(request: Request, groups: list) -> int:
    n = int(request.path_params["n"]) - 1
    if not 0 <= n < len(groups):
        raise HTTPException(404, "Spørgsmålssiden findes ikke.")
    return n


def _merged(case: Case, order: list[str]) -> list[AnswerRecord]:
    """Proposals with the lawyer's answers in their place, in rule-set order (for the answers file)."""
    by_id = {p.question_id: p for p in case.proposals}
    by_id.update(case.answers)
    return [by_id[q] for q in order if q in by_id]


def _verdicts_for(reviews: Path, case: Case) -> dict[str, Any]:
    from ..review import ReviewStore

    try:
        return ReviewStore(reviews).for_bill(case.bill)
    except BundlinjeError:
        return {}


def _state_key(case: Case, reviews: Path) -> tuple:
    """What the assessment depends on beyond the bill: the answers given and the verdict store."""
    return tuple(sorted((a.question_id, a.answer) for a in case.answers.values())), _store_stamp(reviews)


def _store_stamp(reviews: Path) -> tuple[int, int] | None:
    try:
        st = reviews.stat()
    except OSError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _login_name() -> str:
    try:
        return getpass.getuser()
    except Exception:  # noqa: BLE001 - no login name is fine: the verdict is simply unsigned
        return ""
