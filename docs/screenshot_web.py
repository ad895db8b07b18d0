"""Screenshot of the local page with a real act screened, as in docs/web-side.png.

    python docs/screenshot_web.py ../shared/bills/retsinformation/aendrlov-2022-157-livstidsdoemtes-rettigheder.txt docs/web-side.png

Needs the web extra, Playwright for Python and Debian's /usr/bin/chromium (as the browser test).
"""
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path

import uvicorn
from playwright.sync_api import sync_playwright
from relationel_bundlinje.pipeline import Screener
from relationel_bundlinje.web.app import Settings, create_app

act, out = Path(sys.argv[1]), Path(sys.argv[2])
with socket.socket() as s:
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
screener = Screener.default()
app = create_app(Settings(token="t", port=port, reviews=Path(tempfile.mkdtemp()) / "reviews.jsonl"), lambda: screener)
srv = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
threading.Thread(target=srv.run, daemon=True).start()
while not srv.started:
    time.sleep(0.05)
with sync_playwright() as p:
    b = p.chromium.launch(executable_path="/usr/bin/chromium", args=["--headless", "--no-sandbox"], headless=True)
    page = b.new_page(viewport={"width": 1280, "height": 900}, locale="da-DK")
    page.goto(f"http://127.0.0.1:{port}/?token=t")
    page.set_input_files("#fil", str(act))
    page.get_by_role("button", name="Screen lovforslaget").click()
    page.wait_for_url("**/sag/*")
    page.screenshot(path=str(out), clip={"x": 0, "y": 0, "width": 1280, "height": 2266}, full_page=True)
    b.close()
srv.should_exit = True
