"""``readerlevel check``: exit codes, formats, bad input, the pytest plugin, offline runs."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from readerlevel.cli import main

from .conftest import MASSAGE, VARIANTS

HARD = """\
id: hard
locale: en
title: Hard words
lead: >-
  Considerable methodological heterogeneity across contemporaneous
  investigations demonstrated statistically significant improvements.
updated: 2025-01-01
sections:
  - id: s
    heading: Section
    blocks: [Simple words are fine here.]
"""


@pytest.fixture
def pack(tmp_path: Path) -> Path:
    """A content pack with one readable and one hard article."""
    (tmp_path / "readerlevel.yaml").write_text("# pack\n", encoding="utf-8")
    articles = tmp_path / "articles"
    articles.mkdir()
    shutil.copy(MASSAGE, articles / MASSAGE.name)
    (articles / "hard.yaml").write_text(HARD, encoding="utf-8")
    return tmp_path


def test_example_content_meets_every_target() -> None:
    """``readerlevel check variants/`` passes: the example variants meet their targets."""
    result = CliRunner().invoke(main, ["check", str(VARIANTS)])
    assert result.exit_code == 0, result.output
    assert "FAIL" not in result.output
    assert result.output.count("pass") >= 4


def test_missed_target_exits_1_with_the_reasons(pack: Path) -> None:
    """A missed gated target exits 1 and names the target and the hardest sentence."""
    result = CliRunner().invoke(main, ["check", str(pack)])
    assert result.exit_code == 1, result.output
    assert "hard · patient · en:" in result.output
    assert "smog_index" in result.output and "misses max 9" in result.output
    assert "Considerable methodological heterogeneity" in result.output


def test_bad_file_exits_2_and_the_others_are_still_checked(pack: Path) -> None:
    """A broken article is reported with its location; the valid ones are still scored."""
    (pack / "articles" / "broken.yaml").write_text("id: broken\ntitle: [unclosed\n", "utf-8")
    result = CliRunner().invoke(main, ["check", str(pack), "-f", "json"])
    assert result.exit_code == 2
    data = json.loads(result.stdout)
    broken = next(r for r in data if r["path"].endswith("broken.yaml"))
    assert broken["problems"] and "broken.yaml:" in broken["problems"][0]
    assert {r["article"] for r in data if r["reports"]} == {"hard", "massage-therapy-pain"}
    assert "broken.yaml:" in result.stderr


def test_missing_path_is_bad_input() -> None:
    """A path that does not exist exits 2 with a message, not a traceback."""
    result = CliRunner().invoke(main, ["check", "no/such/dir"])
    assert result.exit_code == 2
    assert "no such file or directory" in result.output
    assert "Traceback" not in result.output


def test_junit_output_has_a_failure_per_missed_profile(pack: Path) -> None:
    """JUnit XML: one test case per profile, failures for the hard article's lay readers."""
    result = CliRunner().invoke(
        main, ["check", str(pack / "articles" / "hard.yaml"), "-f", "junit"]
    )
    assert result.exit_code == 1
    root = ET.fromstring(result.stdout.split("\n", 1)[1])
    cases = root.findall(".//testcase")
    assert {c.get("name") for c in cases} == {"clinician (en)", "patient (en)", "caregiver (en)"}
    failed = {c.get("name") for c in cases if c.find("failure") is not None}
    assert failed == {"patient (en)", "caregiver (en)"}


def test_audience_option_limits_the_profiles(pack: Path) -> None:
    """``-a clinician`` scores only the clinician, who is not gated: exit 0."""
    result = CliRunner().invoke(main, ["check", str(pack), "-a", "clinician"])
    assert result.exit_code == 0, result.output
    assert "patient" not in result.output


def test_progress_bar_goes_to_stderr(pack: Path) -> None:
    """``--progress`` draws the bar on standard error, leaving the table on standard output."""
    result = CliRunner().invoke(main, ["check", str(pack), "--progress", "-f", "json"])
    assert "checking" in result.stderr
    json.loads(result.stdout)


def test_pytest_plugin_reports_offending_sentences(pytester: pytest.Pytester, pack: Path) -> None:
    """A content repo's test using ``assert_readable`` fails listing sentences and scores."""
    pytester.makeini(f"[pytest]\nreaderlevel_content = {pack}\n")
    pytester.makepyfile(
        """
        def test_massage(readerlevel_engine, readerlevel_articles, assert_readable):
            article = readerlevel_engine.load(
                next(p for p in readerlevel_articles if p.name.startswith("massage")))
            assert_readable(article, profile="patient")

        def test_hard(readerlevel_engine, readerlevel_articles, assert_readable):
            article = readerlevel_engine.load(
                next(p for p in readerlevel_articles if p.name == "hard.yaml"))
            assert_readable(article, profile="patient")
        """
    )
    result = pytester.runpytest_subprocess("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, failed=1)
    result.stdout.fnmatch_lines(
        [
            "*hard for patient misses its reading targets:*",
            "*smog_index * misses max 9*",
            "*lead (flesch_kincaid_grade *, smog_index *)*",
            "*Considerable methodological heterogeneity*",
        ]
    )


def test_assert_readable_refuses_a_variant_for_another_profile(engine, massage) -> None:  # type: ignore[no-untyped-def]
    """Asking for the patient's targets on the clinician's variant is a usage error."""
    from readerlevel.testing import assert_readable

    variant = engine.personalise(massage, "clinician")
    with pytest.raises(ValueError, match="not 'patient'"):
        assert_readable(variant, "patient", engine=engine)
    assert assert_readable(variant, engine=engine)[0].audience == "clinician"


@pytest.mark.skipif(
    not sys.platform.startswith("linux") or os.geteuid() != 0 or not shutil.which("unshare"),
    reason="needs Linux, root and unshare(1) to take the network away",
)
def test_check_runs_without_a_network(tmp_path: Path) -> None:
    """In a network namespace with no interfaces up, ``readerlevel check`` scores everything."""
    connect = (
        "import socket; s = socket.socket(); s.settimeout(2); print(s.connect_ex(('1.1.1.1', 80)))"
    )
    probe = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", connect], capture_output=True, text=True, check=True
    )
    assert probe.stdout.strip() != "0"  # the namespace really has no route out
    script = (
        "import sys; from readerlevel.cli import main\n"
        "try:\n    main(['check', sys.argv[1], '-f', 'json'])\n"
        "finally:\n    assert 'nltk' not in sys.modules and 'textstat' not in sys.modules\n"
    )
    result = subprocess.run(
        ["unshare", "-n", sys.executable, "-c", script, str(VARIANTS)],
        capture_output=True, text=True, cwd=tmp_path, env={**os.environ, "HOME": str(tmp_path)},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    reports = [report for r in data for report in r["reports"]]
    assert {report["language"] for report in reports} == {"en", "es"}
    assert all(
        report["scores"]["smog_index"] > 0 for report in reports if report["language"] == "en"
    )
    assert all(
        report["scores"]["szigriszt_pazos"] > 0
        for report in reports
        if report["language"] == "es" and report["counts"]["words"]
    )
