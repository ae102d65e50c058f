"""The real UI in headless Chromium (Debian's /usr/bin/chromium driven by Playwright), on the
real embedded models: log in, ask and read the cited clause, upload a DOCX redline, draft and
download the Word file; a member sees no team document and no Draft tab; every view at desktop
and phone width, in words (no stored values or untranslated keys), with a log-out that works.
Screenshots go to tests/screenshots/ for a person to look at. Every request the page makes
stays on 127.0.0.1."""

import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from store.settings import Settings
from tests.conftest import ROOT, make_service, start_server
from tests.redline_fixtures import proposal_docx
from ui.app import EXAMPLES
from ui.users import OWNER

pytestmark = pytest.mark.e2e
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
         "--disable-component-update", "--disable-sync"]
SHOTS = ROOT / "tests" / "screenshots"
WAIT = 120_000  # ms; first answers load the models

if not Path(CHROMIUM).exists():  # `make setup` installs Debian's chromium where apt is usable
    pytest.skip("Chromium is not installed (make setup installs it as root)",
                allow_module_level=True)


# Member documents of the types whose stored names have underscores.
AGREEMENTS = {"ta.txt": "ARTICLE 9 LEAVE\n9.1 Bereavement leave is five (5) days.\n",
              "sl.txt": "ARTICLE 15 PARKING\n15.1 Parking is free at every site.\n",
              "catalog.toml": '[[document]]\nfile = "ta.txt"\nid = "ta-leave"\ntitle = "Leave TA"\n'
              'doc_type = "tentative_agreement"\ndate = "2024-05-01"\n\n[[document]]\n'
              'file = "sl.txt"\nid = "sl-parking"\ntitle = "Parking letter"\n'
              'doc_type = "side_letter"\ndate = "2024-05-02"\n'}


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """The app on the real models; member mia and team tess, with their API keys."""
    from ui.server import build_app

    tmp = tmp_path_factory.mktemp("browser")
    svc = make_service(tmp, Settings(data_dir=tmp / "data", _env_file=None),
                       chat_backend="embedded")
    keys = {"tess": svc.users.add("tess", "team", "tess-pass-1"),
            "mia": svc.users.add("mia", "member", "mia-pass-1")}
    agreements = tmp / "agreements"
    agreements.mkdir()
    for name, text in AGREEMENTS.items():
        (agreements / name).write_text(text)
    svc.ingest(OWNER, [agreements], progress=False)
    svc.warm_up()  # as `steward serve` does before it listens
    url, stop = start_server(build_app(svc))
    yield url, keys
    stop()


@pytest.fixture(scope="module")
def app_url(served):
    return served[0]


@pytest.fixture(scope="module")
def browser_session(tmp_path_factory):
    """Opens a fresh Chromium profile per user; records every URL requested."""
    from playwright.sync_api import sync_playwright

    SHOTS.mkdir(exist_ok=True)
    requested: list[str] = []
    with sync_playwright() as pw:
        def open_as(url: str, user: str, password: str, size=(1400, 1000), shot: str = ""):
            """A logged-in page; `shot` names a screenshot of the login page first."""
            ctx = pw.chromium.launch_persistent_context(
                str(tmp_path_factory.mktemp(f"profile-{user}")), executable_path=CHROMIUM,
                headless=True, args=FLAGS, viewport={"width": size[0], "height": size[1]},
                accept_downloads=True)
            page = ctx.pages[0] if ctx.pages else ctx.new_page()
            page.on("request", lambda r: requested.append(r.url))
            page.goto(url)
            if shot:
                page.wait_for_selector("input[type=password]", timeout=WAIT)
                assert page.title() == "Steward" and "Steward" in page.inner_text("body")
                page.screenshot(path=SHOTS / shot)
            page.locator("input[type=text], input:not([type])").first.fill(user)
            page.locator("input[type=password]").fill(password)
            page.keyboard.press("Enter")
            page.wait_for_selector("#whoami :text('Signed in')", timeout=WAIT)
            return ctx, page

        yield open_as, requested


def _ask(page, question: str) -> None:
    page.fill("#ask-box textarea", question)
    page.click("#ask-send")
    page.wait_for_selector("#steward-cites .cite, #steward-cites .meta >> nth=0", timeout=WAIT)
    page.wait_for_function("() => !document.querySelector('#steward-chat .pending')",
                           timeout=WAIT)


def test_team_asks_uploads_drafts_and_downloads(app_url, browser_session, tmp_path):
    open_as, requested = browser_session
    ctx, page = open_as(app_url, "tess", "tess-pass-1")
    assert "tess" in page.inner_text("#whoami")
    page.screenshot(path=SHOTS / "01-ask-empty.png")
    _ask(page, "What's the doctorate stipend?")
    page.wait_for_selector("#steward-cites .cite mark", timeout=WAIT)
    answer = page.inner_text("#steward-chat")
    assert ".02527" in answer and "Class A, Step 8" in answer
    page.locator("#steward-chat a[href^='#cite-']").first.click()
    card = page.locator("#steward-cites .cite").first
    assert "flash" in (card.get_attribute("class") or "")
    assert ".02527" in card.locator("mark").inner_text()
    assert "12.7.5" in card.inner_text() or "12.2.1.8" in card.inner_text()
    page.screenshot(path=SHOTS / "02-ask-cited.png")

    page.click("button[role=tab]:has-text('Library')")
    page.set_input_files("#lib-files input[type=file]", str(proposal_docx(tmp_path)))
    page.fill("#lib-title input, #lib-title textarea", "River District counterproposal")
    page.fill("#lib-date input, #lib-date textarea", "2024-03-05")
    page.click("#lib-upload")
    page.wait_for_selector("#lib-status :text('added as')", timeout=WAIT)
    page.wait_for_selector("#lib-table :text('River District counterproposal')", timeout=WAIT)
    assert "added" in page.inner_text("#lib-status")
    page.screenshot(path=SHOTS / "03-library-uploaded.png", full_page=True)

    page.click("button[role=tab]:has-text('Draft')")
    page.fill("#draft-sections input", "12.7.5")
    page.keyboard.press("Enter")
    page.fill("#draft-goal textarea", "set a floor of $5,000")
    page.click("#draft-go")
    page.wait_for_selector("#draft-out ins", timeout=WAIT)
    assert "5,000" in page.inner_text("#draft-out ins >> nth=0") or "5,000" in page.inner_text(
        "#draft-out")
    page.screenshot(path=SHOTS / "04-draft.png", full_page=True)
    with page.expect_download(timeout=WAIT) as got:
        page.locator("#draft-docx a").first.click()
    saved = tmp_path / got.value.suggested_filename
    got.value.save_as(saved)
    assert saved.suffix == ".docx"
    assert "<w:ins " in zipfile.ZipFile(saved).read("word/document.xml").decode()
    ctx.close()
    assert requested and all(u.startswith(app_url) or u.startswith(("data:", "blob:"))
                             for u in requested), {u for u in requested if app_url not in u}


def test_member_sees_no_team_document_and_cannot_draft(app_url, browser_session):
    open_as, _ = browser_session
    ctx, page = open_as(app_url, "mia", "mia-pass-1")
    assert "member" in page.inner_text("#whoami")
    page.click("button[role=tab]:has-text('Draft')")
    assert "Only the bargaining team" in page.inner_text("#draft-intro")
    assert not page.locator("#draft-go").is_visible()
    page.click("button[role=tab]:has-text('Ask')")
    _ask(page, "What is our bottom line on the doctorate stipend? What is the strike target?")
    time.sleep(0.5)
    assert "Team strategy memo" not in page.inner_text("#steward-cites")
    assert "3,200" not in page.inner_text("#steward-chat")
    page.click("button[role=tab]:has-text('Library')")
    page.wait_for_selector("#lib-table :text('scusd-proposal-article-12-2021-10-13')",
                           timeout=WAIT)
    assert "team-strategy" not in page.inner_text("#lib-table")
    assert not page.locator("#lib-upload").is_visible()
    page.screenshot(path=SHOTS / "05-member-library.png", full_page=True)
    ctx.close()


HOSTILE = ('ARTICLE 9 SAFETY\n9.1 Hazard pay is twelve dollars ($12) per shift <img src=x '
           'onerror="window.__pwned=1"> for work at heights <script>window.__pwned=2</script>.\n')


def test_markup_in_documents_is_shown_as_text_never_run(app_url, browser_session, tmp_path):
    open_as, _ = browser_session
    ctx, page = open_as(app_url, "tess", "tess-pass-1")
    page.on("dialog", lambda d: (d.dismiss(), pytest.fail(f"a dialog opened: {d.message}")))
    hostile = tmp_path / "hazard.txt"
    hostile.write_text(HOSTILE)
    page.click("button[role=tab]:has-text('Library')")
    page.set_input_files("#lib-files input[type=file]", str(hostile))
    page.fill("#lib-title input, #lib-title textarea",
              "Hazard <img src=y onerror=\"window.__pwned=3\"> side letter")
    page.click("#lib-upload")
    page.wait_for_selector("#lib-status :text('added as')", timeout=WAIT)
    page.wait_for_selector("#lib-table :text('side letter') >> visible=true", timeout=WAIT)
    page.click("button[role=tab]:has-text('Ask')")
    _ask(page, "What is the hazard pay for work at heights?")
    page.wait_for_selector("#steward-cites .cite mark", timeout=WAIT)
    page.screenshot(path=SHOTS / "06-markup-escaped.png", full_page=True)
    cites = page.inner_text("#steward-cites")
    assert "$12" in cites and "onerror" in cites  # the markup is there, as text
    assert page.evaluate("window.__pwned") is None
    planted = page.evaluate("""() => [...document.querySelectorAll(
        "img[onerror], #steward-cites img, #steward-chat img, #lib-table img, script")]
        .filter(e => e.tagName !== 'SCRIPT' || e.textContent.includes('__pwned'))
        .map(e => e.outerHTML)""")
    assert planted == []
    ctx.close()


COUNTER = ("ARTICLE 14 TRAVEL\n14.2 Mileage is reimbursed at ninety-one cents ($0.91) per mile "
           "for travel between sites.\n")
BULLETIN = "Bargaining update: our team met the district on March 3 about travel between sites.\n"
COUNTER_TITLE = "Our counterproposal on travel"


def _row(page, title: str) -> list[str]:
    """The Library table's cells after `title`, up to its clause count (the last column)."""
    lines = [x.strip() for x in page.inner_text("#lib-table").splitlines() if x.strip()]
    start = lines.index(title)
    end = next(i for i in range(start + 1, len(lines)) if lines[i].isdigit())
    return lines[start + 1 : end]


def _choose(page, label: str, value: str) -> None:
    """Pick a value in the upload form's dropdown named `label`."""
    page.locator(f"#tab-library input[aria-label='{label}']").last.click()
    page.locator(f"ul[role=listbox] li[aria-label='{value}']").click()


def _upload(page, path: Path, doc_type: str, visibility: str, title: str = "") -> None:
    page.set_input_files("#lib-files input[type=file]", str(path))  # the box's own add control
    if title:
        page.fill("#lib-title input, #lib-title textarea", title)
    _choose(page, "Type", doc_type)
    page.click(f"#lib-vis label:has-text('{visibility}')")
    page.click("#lib-upload")
    page.wait_for_selector(f"#lib-status :text('{path.name}')", timeout=WAIT)


def test_a_second_upload_never_touches_the_first_files_details(served, browser_session,
                                                                tmp_path):
    """The leak of issue 13: upload a team-only counterproposal, then add a member bulletin
    with the box's own add control and upload again. The counterproposal must stay team-only,
    typed and titled as it was, and out of every member path."""
    from gradio_client import Client
    from openai import OpenAI

    url, keys = served
    open_as, _ = browser_session
    counter, bulletin = tmp_path / "counter.txt", tmp_path / "bulletin.txt"
    counter.write_text(COUNTER)
    bulletin.write_text(BULLETIN)
    ctx, page = open_as(url, "tess", "tess-pass-1")
    page.click("button[role=tab]:has-text('Library')")
    _upload(page, counter, "Counterproposal", "team", COUNTER_TITLE)
    assert "added as" in page.inner_text("#lib-status")
    _upload(page, bulletin, "Bulletin", "member")
    status = page.inner_text("#lib-status")
    page.screenshot(path=SHOTS / "07-library-second-upload.png", full_page=True)
    assert "bulletin.txt" in status and "counter.txt" not in status, status
    page.wait_for_selector(f"#lib-table :text('{COUNTER_TITLE}')", timeout=WAIT)
    row = _row(page, COUNTER_TITLE)
    assert row[:1] == ["Counterproposal"] and row[-1] == "Bargaining team only", row
    ctx.close()

    ctx, page = open_as(url, "mia", "mia-pass-1")
    page.click("button[role=tab]:has-text('Library')")
    page.wait_for_selector("#lib-table :text('Bargaining update')", timeout=WAIT)
    assert COUNTER_TITLE not in page.inner_text("#lib-table")
    assert "ARTICLE 14 TRAVEL" not in page.inner_text("#lib-table")
    page.click("button[role=tab]:has-text('Compare')")
    page.locator("#cmp-a input").click()
    options = page.locator("ul[role=listbox]").first.inner_text()
    assert "Bargaining update" in options and "travel" not in options.replace(
        "Bargaining update: our team met the district on March 3 about travel", "")
    page.keyboard.press("Escape")
    page.click("button[role=tab]:has-text('Ask')")
    _ask(page, "How much is mileage reimbursed per mile?")
    assert "0.91" not in page.inner_text("#steward-chat") + page.inner_text("#steward-cites")
    ctx.close()

    member = Client(url, auth=("mia", keys["mia"]), verbose=False)
    hits = member.predict("mileage reimbursed per mile", 20, api_name="/search")
    assert all("0.91" not in h["text"] for h in hits)
    answer = member.predict("How much is mileage reimbursed per mile?", [], api_name="/ask")
    assert all("0.91" not in c["quote"] for c in answer["citations"])
    client = OpenAI(base_url=url + "/v1", api_key=keys["mia"], max_retries=0)
    reply = client.chat.completions.create(model="steward", messages=[
        {"role": "user", "content": "How much is mileage reimbursed per mile?"}])
    assert "0.91" not in reply.choices[0].message.content
    team = Client(url, auth=("tess", keys["tess"]), verbose=False)
    assert any("0.91" in h["text"] for h in team.predict("mileage reimbursed per mile", 20,
                                                         api_name="/search"))


# --- every view at desktop and phone width, as a member and as the team -----------------------

SIZES = {"desktop": (1280, 900), "phone": (390, 844)}
NOT_WORDS = re.compile(r"tentative_agreement|side_letter|\bcommon\.[a-z_]+|Chatbot|"
                       r"\(deterministic\)|Use via API")


def _in_words(page) -> None:
    """Nothing on the page (text, labels, tooltips) is a stored value or a translation key."""
    seen = page.evaluate("""() => document.body.innerText + ' ' + [...document.querySelectorAll(
        '[aria-label],[title],[placeholder]')].map(e => ['aria-label', 'title', 'placeholder']
        .map(a => e.getAttribute(a) || '').join(' ')).join(' ')""")
    assert not NOT_WORDS.findall(seen)
    assert page.evaluate("() => document.documentElement.scrollWidth <= innerWidth + 1")


def _pick(page, box: str, text: str) -> None:
    page.locator(f"{box} input").click()
    page.locator("ul[role=listbox] li").filter(has_text=text).first.click()


def _show_first_citation(page, tries: int = 3) -> None:
    """Click the answer's [1] until its card is on screen: a chat re-rendered under load
    just after the click can move the page back, and a member would click again."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    for n in range(tries):
        page.locator("#steward-chat a[href^='#cite-']").first.click()
        try:
            page.wait_for_function("""() => { const c = document.querySelector(
                '#steward-cites .cite');  // null while the panel re-renders under load
                if (!c) return false; const r = c.getBoundingClientRect();
                return r.top >= 0 && r.top < innerHeight; }""", timeout=WAIT // tries)
            return
        except PlaywrightTimeout:
            if n == tries - 1:
                raise


def _ask_and_compare(page, shot) -> None:
    """A cited answer whose [1] scrolls to its card (on a phone, the citations come before the
    filters), the Library in words, and Compare of two unrelated documents said in words."""
    page.wait_for_selector(f"#steward-chat :text('{EXAMPLES[2]}')", timeout=WAIT)
    _in_words(page)
    shot(2, "empty-chat")
    _ask(page, EXAMPLES[0])
    _show_first_citation(page)
    card = page.locator("#steward-cites .cite").first.bounding_box()  # once the scroll settles
    assert card and 0 <= card["y"] < page.viewport_size["height"]
    panel, filters = (page.locator(s).bounding_box() for s in ("#cites-panel", "#ask-filters"))
    if page.viewport_size["width"] < 700:  # a phone: one column, the citations first
        assert panel["y"] < filters["y"]
    else:  # beside the chat and its filters
        assert panel["x"] >= filters["x"] + filters["width"]
    shot(3, "cited-answer")
    page.click("button[role=tab]:has-text('Library')")
    page.wait_for_selector("#lib-table :text('Leave TA')", timeout=WAIT)
    assert "Tentative agreement" in page.inner_text("#lib-table")
    _in_words(page)
    shot(4, "library")
    page.click("button[role=tab]:has-text('Compare')")
    _pick(page, "#cmp-a", "FOX40")
    _pick(page, "#cmp-b", "SCUSD proposal")
    page.click("#cmp-go")
    page.wait_for_selector("#cmp-out :text('share no clauses')", timeout=WAIT)
    out = page.inner_text("#cmp-out")
    assert "These two documents share no clauses: “FOX40: Sacramento schools" in out
    assert "fox40-scusd-strike-talks" not in out and "scusd-proposal-article" not in out
    _in_words(page)
    shot(5, "compare-unrelated")


def _signed_in(browser_session, url: str, user: str, who: str, size: str):
    """(context, page, shot) for `user` signed in at this screen size; shot(n, name) saves
    tests/screenshots/{who}-{size}-{n}-{name}.png (the login page is shot 1)."""
    open_as, _ = browser_session
    ctx, page = open_as(url, user, f"{user}-pass-1", SIZES[size], f"{who}-{size}-1-login.png")

    def shot(n: int, name: str) -> None:
        page.screenshot(path=SHOTS / f"{who}-{size}-{n}-{name}.png", full_page=True)

    return ctx, page, shot


def _logs_out(page, url: str) -> None:
    page.click("#logout")
    page.wait_for_selector("input[type=password]", timeout=WAIT)
    page.goto(url)  # and it stays logged out
    page.wait_for_selector("input[type=password]", timeout=WAIT)
    assert not page.locator("#whoami").count()


@pytest.mark.parametrize("size", SIZES)
def test_a_member_sees_every_view_in_words_and_logs_out(app_url, browser_session, size):
    ctx, page, shot = _signed_in(browser_session, app_url, "mia", "member", size)
    _ask_and_compare(page, shot)
    page.click("button[role=tab]:has-text('Draft')")
    assert "Only the bargaining team" in page.inner_text("#draft-intro")
    shot(6, "draft")
    _logs_out(page, app_url)
    ctx.close()


@pytest.mark.parametrize("size", SIZES)
def test_the_team_sees_every_view_in_words_and_a_redline_like_words(app_url, browser_session,
                                                                      size, tmp_path):
    ctx, page, shot = _signed_in(browser_session, app_url, "tess", "team", size)
    _ask_and_compare(page, shot)
    page.click("button[role=tab]:has-text('Library')")
    (tmp_path / "new.txt").write_text("ARTICLE 1\n1.1 Words.\n")
    page.set_input_files("#lib-files input[type=file]", str(tmp_path / "new.txt"))
    page.wait_for_selector("#lib-files :text('new.txt')", timeout=WAIT)
    _in_words(page)  # the file box's own buttons too ("Upload", not "common.upload")
    page.click("button[role=tab]:has-text('Draft')")
    page.fill("#draft-sections input", "12.7.5")
    page.keyboard.press("Enter")
    page.fill("#draft-goal textarea", "raise the stipend to $5,000")  # $3,000 struck, $5,000 added
    page.click("#draft-go")
    page.wait_for_selector("#draft-out del", timeout=WAIT)
    colours = page.evaluate("""() => ['ins', 'del'].map(t => getComputedStyle(
        document.querySelector('#draft-out ' + t)).color)""")
    assert colours == ["rgb(17, 99, 41)", "rgb(180, 35, 24)"]  # Word's green and red, no blue
    _in_words(page)
    shot(6, "draft-redline")
    _logs_out(page, app_url)
    ctx.close()
