"""One door for PDFs: its fetcher loads the project's static files and nothing else."""

import ast
from pathlib import Path

import pytest
from PIL import Image

from ccrhub.lib.pdf import BASE_URL, OwnStaticFilesOnly, pdf_from_html

PROJECT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.com/logo.png",
        f"{BASE_URL}etc/passwd",
        f"{BASE_URL}static/../../ccrhub/settings.py",
        f"{BASE_URL}static/%2e%2e/%2e%2e/ccrhub/settings.py",
        f"{BASE_URL}static//etc/passwd",
        "https://pdf.ccrhub.invalid.example.com/static/app.css",
    ],
)
def test_the_pdf_fetcher_refuses_files_networks_and_paths_outside_static(url: str) -> None:
    with pytest.raises(ValueError):
        OwnStaticFilesOnly().fetch(url)


def test_the_pdf_fetcher_serves_the_projects_own_stylesheet_and_data_urls() -> None:
    stylesheet = OwnStaticFilesOnly().fetch(f"{BASE_URL}static/app.css")
    assert stylesheet.read() == (PROJECT.parent / "static" / "app.css").read_bytes()
    assert OwnStaticFilesOnly().fetch("data:text/plain,hello").read() == b"hello"


def test_a_pdf_naming_a_file_on_disk_renders_without_it(tmp_path: Path) -> None:
    picture = tmp_path / "on-the-server.png"
    Image.new("RGB", (8, 8), "red").save(picture)
    pdf = pdf_from_html(f'<p>Report</p><img src="file://{picture}">')
    assert pdf.startswith(b"%PDF") and b"/Image" not in pdf  # WeasyPrint's default embeds it


def test_a_pdf_may_use_the_projects_static_files() -> None:
    pdf = pdf_from_html('<p>Report</p><img src="/static/favicon.svg">')
    assert pdf.startswith(b"%PDF")


def test_no_module_but_lib_pdf_renders_pdfs_itself() -> None:
    """WeasyPrint used anywhere else would bring its default fetcher back."""
    offenders = []
    for path in PROJECT.rglob("*.py"):
        if path.name == "pdf.py" and path.parent.name == "lib":
            continue
        tree = ast.parse(path.read_text(), filename=str(path))
        for node in ast.walk(tree):
            names = (
                [alias.name for alias in node.names] if isinstance(node, ast.Import) else []
            ) + ([node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            if any(name.split(".")[0] == "weasyprint" for name in names):
                offenders.append(str(path.relative_to(PROJECT)))
    assert offenders == []
