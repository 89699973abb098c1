"""Bad input gets one clear, located message per problem, never a traceback.

Covers the issue's requirement: YAML/JSON syntax errors, wrong types, unknown
fields, unknown audience names, citation markers without a reference,
duplicate ids and empty required fields each produce a ``Problem`` with
``file:line:column``, the field path, what was expected and a "did you mean"
where obvious; every problem of a file is reported at once; the CLI exits 2
with ``error: FILE:LINE:COL: field.path: message`` lines; unknown
``--audience`` lists the known audiences; missing files, directories and
non-UTF-8 files are clear errors too.

Line and column numbers below are 1-based and counted from the fixture text
shown next to each test (line 1 is the first line of the dedented text).
"""

from __future__ import annotations

import json
import pickle
import re
import subprocess
import sys
from pathlib import Path
from textwrap import dedent

import pytest
from click.testing import CliRunner, Result

import readerlevel
from readerlevel import (
    ContentError,
    Engine,
    InputFileError,
    Problem,
    ReaderlevelError,
    UnknownAudienceError,
)
from readerlevel.cli import main

FIXTURES = Path(__file__).parent / "fixtures" / "bad"
SEVERAL = FIXTURES / "several_problems.yaml"
EXECUTABLE = Path(sys.executable).with_name("readerlevel")

# A minimal valid article. The title is quoted because PyYAML ends a plain
# scalar at '?' inside a flow mapping.
VALID = dedent(
    """\
    id: demo
    title: {text: "A title?", patient: Plain title}
    lead: Lead text [1]
    updated: 2025-10-28
    sections:
      - id: one
        heading: Heading
        blocks:
          - text: A bullet [1]
            patient: A plain bullet [1]
    references:
      - {id: 1}
    """
)

# `error: FILE:LINE:COL: field.path: message`
ERROR_LINE = re.compile(
    r"^error: (?P<file>.+?):(?P<line>\d+):(?P<column>\d+): (?P<field>[\w\[\].-]+): (?P<message>.+)$"
)


@pytest.fixture(scope="module")
def builtin() -> Engine:
    """An engine with the built-in profiles only (no content pack)."""
    return Engine()


def problems_of(
    engine: Engine, text: str, *, file: str = "x.yaml", fmt: str = "yaml"
) -> tuple[Problem, ...]:
    """The problems of the ContentError that parsing ``text`` raises."""
    with pytest.raises(ContentError) as info:
        engine.parse(text, file=file, fmt=fmt)
    assert isinstance(info.value, ReaderlevelError)
    return info.value.problems


def only(problems: tuple[Problem, ...]) -> Problem:
    """The single problem, failing with the full list otherwise."""
    assert len(problems) == 1, problems
    return problems[0]


def at(problems: tuple[Problem, ...], path: tuple[str | int, ...]) -> Problem:
    """The one problem whose field path is ``path``."""
    found = [p for p in problems if p.path == path]
    assert len(found) == 1, (path, problems)
    return found[0]


def cli(*args: object) -> Result:
    """Run the CLI in-process with separate stdout and stderr."""
    return CliRunner().invoke(main, [str(a) for a in args])


def assert_bad_input(result: Result) -> list[str]:
    """Exit 2 without a traceback; returns the stderr lines."""
    assert result.exit_code == 2, (result.output, result.exception)
    assert isinstance(result.exception, SystemExit), result.exception
    assert "Traceback" not in result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert lines
    assert all(line.startswith("error: ") for line in lines), lines
    return lines


def write(tmp_path: Path, name: str, text: str) -> Path:
    """Write ``text`` as UTF-8 to ``tmp_path / name``."""
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --------------------------------------------------------------------------- sanity


def test_minimal_article_is_valid(builtin: Engine) -> None:
    """The article the other tests mutate parses without problems."""
    article = builtin.parse(VALID, file="x.yaml")
    assert article.id == "demo"


def test_content_error_is_a_readerlevel_error() -> None:
    """ContentError and InputFileError sit under the library's root error."""
    assert issubclass(ContentError, ReaderlevelError)
    assert issubclass(InputFileError, ContentError)
    assert issubclass(UnknownAudienceError, ReaderlevelError)
    assert readerlevel.ContentError is ContentError


# --------------------------------------------------------------------------- YAML syntax


def test_yaml_syntax_error_is_located(builtin: Engine) -> None:
    """A YAML syntax error points at the offending character."""
    text = VALID.replace("lead: Lead text [1]", "lead: Lead: text [1]")
    # line 3: `lead: Lead: text [1]`; the second ':' is column 11
    problem = only(problems_of(builtin, text))
    assert (problem.file, problem.line, problem.column, problem.path) == ("x.yaml", 3, 11, ())
    assert problem.message.startswith("YAML syntax error:")
    assert "mapping values are not allowed here" in problem.message


def test_yaml_syntax_error_in_flow_sequence_names_what_was_expected(builtin: Engine) -> None:
    """An unclosed flow sequence says which characters were expected."""
    text = dedent(
        """\
        id: demo
        title: [A title
        lead: Lead
        """
    )
    # the scanner notices at line 3 column 5 (the ':' after `lead`)
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column) == (3, 5)
    assert "expected ',' or ']'" in problem.message


def test_yaml_syntax_error_cli_exits_2(tmp_path: Path) -> None:
    """The CLI prints the located syntax error and exits 2."""
    path = write(tmp_path, "a.yaml", VALID.replace("lead: Lead text [1]", "lead: Lead: text [1]"))
    lines = assert_bad_input(cli("render", path, "-a", "patient"))
    assert lines == [f"error: {path}:3:11: YAML syntax error: mapping values are not allowed here"]


def test_tab_indentation_is_a_located_syntax_error(builtin: Engine) -> None:
    """A tab used for indentation is reported at its position."""
    text = "id: demo\n\ttitle: A title\n"
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column) == (2, 1)
    assert "'\\t'" in problem.message


def test_duplicate_yaml_key_is_reported(builtin: Engine) -> None:
    """A key given twice is an error at the second one, naming the first line."""
    text = VALID.replace("lead: Lead text [1]", "lead: Lead text [1]\nlead: Again")
    # line 3 `lead: Lead text [1]`, line 4 `lead: Again`
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column) == (4, 1)
    assert problem.message == "duplicate key 'lead' (first defined at line 3)"


def test_nested_duplicate_yaml_key_is_reported(builtin: Engine) -> None:
    """A duplicate key inside a section is located at the second key."""
    text = VALID.replace("    heading: Heading", "    heading: Heading\n    heading: Again")
    # line 7 `    heading: Heading`, line 8 `    heading: Again`
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column) == (8, 5)
    assert problem.message == "duplicate key 'heading' (first defined at line 7)"


def test_duplicate_yaml_key_carries_the_field_path(builtin: Engine) -> None:
    """The duplicate-key problem's field path is the duplicated field."""
    text = VALID.replace("lead: Lead text [1]", "lead: Lead text [1]\nlead: Again")
    assert only(problems_of(builtin, text)).path == ("lead",)


# --------------------------------------------------------------------------- wrong type


def test_wrong_type_date(builtin: Engine) -> None:
    """A non-date 'updated' says a date was expected and what was given."""
    text = VALID.replace("updated: 2025-10-28", "updated: yesterday")
    # line 4 `updated: yesterday`: the value starts at column 10
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (4, 10, ("updated",))
    assert problem.message.startswith("expected a valid date")
    assert "got str 'yesterday'" in problem.message


def test_wrong_type_in_reference(builtin: Engine) -> None:
    """A non-integer year inside a reference is located at the value."""
    text = VALID.replace("  - {id: 1}", "  - {id: 1, year: soon}")
    # line 12 `  - {id: 1, year: soon}`: `soon` is column 19
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (12, 19, ("references", 0, "year"))
    assert "expected a valid integer" in problem.message
    assert "got str 'soon'" in problem.message


def test_wrong_type_list_expected(builtin: Engine) -> None:
    """A scalar where the sections list belongs is reported as such."""
    text = dedent(
        """\
        id: demo
        title: A title
        lead: Lead
        updated: 2025-10-28
        sections: none yet
        """
    )
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (5, 11, ("sections",))
    assert "got str 'none yet'" in problem.message


def test_wrong_type_cli_line(tmp_path: Path) -> None:
    """The CLI shows file:line:col, the field path and the expectation."""
    path = write(tmp_path, "a.yaml", VALID.replace("updated: 2025-10-28", "updated: yesterday"))
    (line,) = assert_bad_input(cli("render", path, "-a", "patient"))
    match = ERROR_LINE.match(line)
    assert match, line
    assert match.group("file", "line", "column", "field") == (str(path), "4", "10", "updated")
    assert "expected a valid date" in match.group("message")


@pytest.mark.parametrize("value", ["2025-13-01", "2025-02-30"])
def test_impossible_date_is_a_content_error(builtin: Engine, value: str) -> None:
    """An impossible calendar date is a located ContentError, not a ValueError."""
    text = VALID.replace("updated: 2025-10-28", f"updated: {value}")
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (4, 10, ("updated",))


def test_impossible_date_cli_has_no_traceback(tmp_path: Path) -> None:
    """A real CLI run on `updated: 2025-13-01` exits 2 without a traceback."""
    path = write(tmp_path, "a.yaml", VALID.replace("updated: 2025-10-28", "updated: 2025-13-01"))
    run = subprocess.run(
        [str(EXECUTABLE), "render", str(path), "-a", "patient"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert "Traceback" not in run.stderr
    assert run.returncode == 2
    assert run.stderr.startswith(f"error: {path}:4:10: updated: ")


@pytest.mark.parametrize(
    "text",
    [
        "id: !!int abc\n",
        "id: !!float x\n",
        "!foo id: demo\n",
        "? !!binary x\n: 1\n",
    ],
    ids=["int-tag", "float-tag", "unknown-tag-on-key", "binary-tag-on-key"],
)
def test_bad_explicit_tag_is_a_content_error(builtin: Engine, text: str) -> None:
    """A YAML tag that cannot be applied is a located problem, not a crash."""
    assert only(problems_of(builtin, text)).line == 1


def test_unknown_tag_on_value_is_a_content_error(builtin: Engine) -> None:
    """An unknown tag on a value is reported where it occurs."""
    text = "id: !foo demo\n"
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (1, 5, ("id",))
    assert "could not determine a constructor for the tag '!foo'" in problem.message


@pytest.mark.parametrize("char", ["\x00", "\x07"])
def test_control_character_is_a_content_error(builtin: Engine, char: str) -> None:
    """A control character in the text is a located ContentError."""
    text = f"id: demo\ntitle: A{char}\n"
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column) == (2, 9)


# --------------------------------------------------------------------------- unknown field


def test_unknown_top_level_field_suggests_the_right_one(builtin: Engine) -> None:
    """A misspelt top-level field is reported at its key with a suggestion."""
    text = VALID.replace("lead: Lead text [1]", "lead: Lead text [1]\nsumary_heading: In short")
    # line 4 `sumary_heading: In short`
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (4, 1, ("sumary_heading",))
    assert problem.message == ("unknown field 'sumary_heading' (did you mean 'summary_heading'?)")


def test_unknown_field_in_reference(builtin: Engine) -> None:
    """A misspelt reference field points at the key inside the flow mapping."""
    text = VALID.replace("  - {id: 1}", "  - {id: 1, titel: A paper}")
    # line 12 `  - {id: 1, titel: A paper}`: `titel` is column 13
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (12, 13, ("references", 0, "titel"))
    assert "did you mean 'title'" in problem.message


def test_unknown_field_in_section_also_reports_the_missing_one(builtin: Engine) -> None:
    """A misspelt 'blocks' gives the unknown key and the missing field together."""
    text = VALID.replace("    blocks:", "    blokcs:")
    # line 6 `  - id: one` (section starts column 5), line 8 `    blokcs:`
    problems = problems_of(builtin, text)
    assert len(problems) == 2, problems
    unknown = at(problems, ("sections", 0, "blokcs"))
    assert (unknown.line, unknown.column) == (8, 5)
    assert "did you mean 'blocks'" in unknown.message
    missing = at(problems, ("sections", 0))
    assert (missing.line, missing.column) == (6, 5)
    assert missing.message == "required field 'blocks' is missing"


def test_unknown_block_field_suggests_kind(builtin: Engine) -> None:
    """In a block an unknown key may be a field or an audience; 'kidn' suggests 'kind'."""
    text = VALID.replace(
        "        patient: A plain bullet [1]",
        "        patient: A plain bullet [1]\n        kidn: x",
    )
    # line 11 `        kidn: x`
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column) == (11, 9)
    assert problem.path == ("sections", 0, "blocks", 0, "kidn")
    assert "did you mean 'kind'" in problem.message


@pytest.mark.parametrize(
    ("key", "hint"), [("heading", "summary_heading"), ("blocks", None)], ids=["heading", "blocks"]
)
def test_unknown_field_suggests_only_fields_of_that_place(
    builtin: Engine, key: str, hint: str | None
) -> None:
    """A field valid only elsewhere (a section's 'heading') is not offered at the top level."""
    text = VALID.replace("lead: Lead text [1]", f"lead: Lead text [1]\n{key}: x")
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (4, 1, (key,))
    expected = f"unknown field '{key}'" + (f" (did you mean '{hint}'?)" if hint else "")
    assert problem.message == expected


# --------------------------------------------------------------------------- unknown audience


def test_unknown_audience_in_text_form(builtin: Engine) -> None:
    """A misspelt audience key in a text mapping suggests the right audience."""
    text = VALID.replace("patient: Plain title", "pateint: Plain title")
    # line 2 `title: {text: "A title?", pateint: Plain title}`: `pateint` is column 27
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (2, 27, ("title", "pateint"))
    assert "unknown audience or field 'pateint'" in problem.message
    assert "did you mean 'patient'" in problem.message


def test_unknown_audience_in_section_audiences(builtin: Engine) -> None:
    """A misspelt name in a section's include list is located at the item."""
    text = VALID.replace(
        "    heading: Heading", "    heading: Heading\n    audiences: [patient, pateint]"
    )
    # line 8 `    audiences: [patient, pateint]`: `pateint` is column 26
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column) == (8, 26)
    assert problem.path == ("sections", 0, "audiences", 1)
    assert problem.message == "unknown audience 'pateint' (did you mean 'patient'?)"


def test_unknown_audience_in_block_exclude(builtin: Engine) -> None:
    """A misspelt name in a block's exclude list is located at the item."""
    text = VALID.replace(
        "      - text: A bullet [1]", "      - exclude: [clincian]\n        text: A bullet [1]"
    )
    # line 9 `      - exclude: [clincian]`: `clincian` is column 19
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column) == (9, 19)
    assert problem.path == ("sections", 0, "blocks", 0, "exclude", 0)
    assert "did you mean 'clinician'" in problem.message


def test_unknown_audience_cli_line(tmp_path: Path) -> None:
    """The CLI line names file, position, field path and suggestion."""
    path = write(tmp_path, "a.yaml", VALID.replace("patient: Plain title", "pateint: Plain title"))
    lines = assert_bad_input(cli("render", path, "-a", "patient"))
    assert lines == [
        f"error: {path}:2:27: title.pateint: unknown audience or field 'pateint' "
        "(did you mean 'patient'?)"
    ]


def test_every_unknown_audience_in_a_list_is_reported(builtin: Engine) -> None:
    """Two misspelt names in one include list give two problems."""
    text = VALID.replace(
        "    heading: Heading", "    heading: Heading\n    audiences: [pateint, clincian]"
    )
    problems = problems_of(builtin, text)
    assert {p.path for p in problems} == {
        ("sections", 0, "audiences", 0),
        ("sections", 0, "audiences", 1),
    }


def test_every_unknown_audience_form_is_reported(builtin: Engine) -> None:
    """Two misspelt audience keys in one text mapping give two problems."""
    text = VALID.replace("patient: Plain title", "pateint: Plain title, clincian: Title")
    problems = problems_of(builtin, text)
    assert {p.path for p in problems} == {("title", "pateint"), ("title", "clincian")}


@pytest.mark.parametrize(
    ("old", "new", "path"),
    [
        (
            'title: {text: "A title?", patient: Plain title}',
            "title: {text: '', pateint: Plain title}",
            ("title", "pateint"),
        ),
        (
            "        patient: A plain bullet [1]",
            "        pateint: A plain bullet [1]\n        kind: bulet",
            ("sections", 0, "blocks", 0, "pateint"),
        ),
    ],
    ids=["next-to-empty-text", "next-to-bad-kind"],
)
def test_unknown_audience_is_reported_next_to_another_problem(
    builtin: Engine, old: str, new: str, path: tuple[str | int, ...]
) -> None:
    """An unknown audience is reported even when its text has another problem."""
    problems = problems_of(builtin, VALID.replace(old, new))
    assert len(problems) == 2, problems
    assert "did you mean 'patient'" in at(problems, path).message


def test_unknown_audience_option_lists_known_ones(tmp_path: Path) -> None:
    """`--audience pateint` exits 2, suggests 'patient' and lists every audience."""
    path = write(tmp_path, "a.yaml", VALID)
    lines = assert_bad_input(cli("render", path, "--audience", "pateint"))
    assert lines == [
        "error: unknown audience 'pateint' (did you mean 'patient'?); "
        "known audiences: clinician, patient, caregiver"
    ]


def test_unknown_audience_python_api(builtin: Engine) -> None:
    """Engine.render with an unknown audience raises UnknownAudienceError with details."""
    article = builtin.parse(VALID, file="x.yaml")
    with pytest.raises(UnknownAudienceError) as info:
        builtin.render(article, "pateint")
    exc = info.value
    assert isinstance(exc, ReaderlevelError)
    assert isinstance(exc, LookupError)
    assert (exc.name, exc.suggestion) == ("pateint", "patient")
    assert exc.known == ("clinician", "patient", "caregiver")
    assert "known audiences: clinician, patient, caregiver" in str(exc)


def test_unknown_audience_option_without_close_match(tmp_path: Path) -> None:
    """An audience with no close match still lists the known ones, without a guess."""
    path = write(tmp_path, "a.yaml", VALID)
    lines = assert_bad_input(cli("render", path, "-a", "xyz"))
    assert lines == [
        "error: unknown audience 'xyz'; known audiences: clinician, patient, caregiver"
    ]


# --------------------------------------------------------------------------- citations


def test_citation_without_reference_in_lead(builtin: Engine) -> None:
    """A marker without a reference points at the '[' and lists the known ids."""
    text = VALID.replace("lead: Lead text [1]", "lead: Lead text [2]")
    # line 3 `lead: Lead text [2]`: '[' is column 17
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (3, 17, ("lead",))
    assert problem.message == "citation [2] has no entry in 'references' (known: 1)"


def test_citation_without_reference_in_audience_form(builtin: Engine) -> None:
    """A marker in a per-audience form is checked too, at its own column."""
    text = VALID.replace("A plain bullet [1]", "A plain bullet [1, 3]")
    # line 10 `        patient: A plain bullet [1, 3]`: '[' is column 33
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column) == (10, 33)
    assert problem.path == ("sections", 0, "blocks", 0, "patient")
    assert "citation [3] has no entry" in problem.message


def test_citation_in_double_quoted_text_column(builtin: Engine) -> None:
    """In a quoted string without escapes the column still hits the '['."""
    text = VALID.replace("lead: Lead text [1]", 'lead: "Lead text [2]"')
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column) == (3, 18)


def test_citation_in_block_scalar_points_at_the_marker(builtin: Engine) -> None:
    """In a multi-line text the problem points at the marker's own line and column."""
    text = VALID.replace("lead: Lead text [1]", "lead: |\n  Lead text\n  more [4]")
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (5, 8, ("lead",))
    assert "citation [4]" in problem.message


@pytest.mark.parametrize(
    "lead",
    ["'It''s [2]'", '"say \\"hi\\" [2]"', '"caf\\u00e9 [2]"'],
    ids=["single-quote-escape", "double-quote-escape", "unicode-escape"],
)
def test_citation_column_with_escapes(builtin: Engine, lead: str) -> None:
    """The column of a marker after an escape sequence still points at the '['."""
    line = f"lead: {lead}"
    problem = only(problems_of(builtin, VALID.replace("lead: Lead text [1]", line)))
    assert (problem.line, problem.column) == (3, line.index("[") + 1)


# --------------------------------------------------------------------------- duplicate ids


def test_duplicate_section_id(builtin: Engine) -> None:
    """A second section with the same id is located at its id value."""
    text = VALID.replace(
        "references:", "  - id: one\n    heading: Again\n    blocks: [Another]\nreferences:"
    )
    # line 11 `  - id: one`: the value is column 9
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (11, 9, ("sections", 1, "id"))
    assert problem.message == "duplicate section id 'one' (first used at sections[0])"


def test_duplicate_reference_id(builtin: Engine) -> None:
    """A reference listed twice is reported at the second entry's id."""
    text = VALID.replace("  - {id: 1}", "  - {id: 1}\n  - {id: 1}")
    # line 13 `  - {id: 1}`: `1` is column 10
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (13, 10, ("references", 1, "id"))
    assert "duplicate reference id '1'" in problem.message


def test_duplicate_block_id_across_sections(builtin: Engine) -> None:
    """Block ids are unique in the whole article."""
    text = VALID.replace(
        "      - text: A bullet [1]", "      - id: b\n        text: A bullet [1]"
    ).replace(
        "references:",
        "  - id: two\n    heading: Two\n    blocks:\n      - {id: b, text: X}\nreferences:",
    )
    # line 15 `      - {id: b, text: X}`: `b` is column 14
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column) == (15, 14)
    assert problem.path == ("sections", 1, "blocks", 0, "id")
    assert "first used at sections[0].blocks[0]" in problem.message


# --------------------------------------------------------------------------- empty / missing


def test_empty_title(builtin: Engine) -> None:
    """An empty canonical title is located at the empty value."""
    text = VALID.replace('text: "A title?"', "text: ''")
    # line 2 `title: {text: '', patient: Plain title}`: `''` is column 15
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (2, 15, ("title", "text"))
    assert problem.message == "must not be empty"


def test_blank_heading(builtin: Engine) -> None:
    """A heading of only spaces is empty too."""
    text = VALID.replace("    heading: Heading", "    heading: '   '")
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column) == (7, 14)
    assert problem.path == ("sections", 0, "heading", "text")
    assert problem.message == "must not be empty"


def test_missing_required_field(builtin: Engine) -> None:
    """A missing required field is named and located at its mapping."""
    text = VALID.replace("lead: Lead text [1]\n", "")
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (1, 1, ())
    assert problem.message == "required field 'lead' is missing"


def test_empty_sections_list(builtin: Engine) -> None:
    """An article needs at least one section."""
    text = "id: demo\ntitle: T\nlead: L\nupdated: 2025-10-28\nsections: []\n"
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (5, 11, ("sections",))
    assert problem.message == "must have at least one item"


# --------------------------------------------------------------------------- literals, URLs


def test_wrong_block_kind_suggests_bullet(builtin: Engine) -> None:
    """`kind: bulet` lists the options and suggests 'bullet'."""
    text = VALID.replace(
        "      - text: A bullet [1]", "      - kind: bulet\n        text: A bullet [1]"
    )
    # line 9 `      - kind: bulet`: `bulet` is column 15
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column) == (9, 15)
    assert problem.path == ("sections", 0, "blocks", 0, "kind")
    assert problem.message == (
        "expected 'bullet' or 'paragraph' (did you mean 'bullet'?), got str 'bulet'"
    )


def test_bad_review_status_suggests_approved(builtin: Engine) -> None:
    """A misspelt review status lists the steps and suggests the right one."""
    text = VALID.replace(
        "updated: 2025-10-28", "updated: 2025-10-28\nreview: {status: aproved, board: Board}"
    )
    # line 5 `review: {status: aproved, board: Board}`: `aproved` is column 18
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (5, 18, ("review", "status"))
    assert "'submitted', 'under_review' or 'approved'" in problem.message
    assert "did you mean 'approved'" in problem.message


def test_javascript_editorial_policy_rejected(builtin: Engine) -> None:
    """A `javascript:` URL is refused with the expected scheme."""
    text = VALID.replace(
        "updated: 2025-10-28", "updated: 2025-10-28\neditorial_policy: javascript:alert(1)"
    )
    # line 5 `editorial_policy: javascript:alert(1)`: value is column 19
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (5, 19, ("editorial_policy",))
    assert problem.message == "expected an http:// or https:// URL, got 'javascript:alert(1)'"


def test_javascript_reference_url_rejected(builtin: Engine) -> None:
    """Reference URLs must be http(s) too."""
    text = VALID.replace("  - {id: 1}", '  - {id: 1, url: "javascript:alert(1)"}')
    # line 12: the quoted value starts at column 18
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (12, 18, ("references", 0, "url"))
    assert "expected an http:// or https:// URL" in problem.message


def test_audiences_and_exclude_on_block(builtin: Engine) -> None:
    """A block may not have both an include and an exclude list."""
    text = VALID.replace(
        "      - text: A bullet [1]",
        "      - audiences: [patient]\n        exclude: [clinician]\n        text: A bullet [1]",
    )
    # line 9 `      - audiences: [patient]`: the block mapping starts at column 9
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (9, 9, ("sections", 0, "blocks", 0))
    assert problem.message == "set either 'audiences' (include list) or 'exclude', not both"


def test_audiences_and_exclude_on_section(builtin: Engine) -> None:
    """A section may not have both an include and an exclude list."""
    text = VALID.replace(
        "    heading: Heading",
        "    heading: Heading\n    audiences: [patient]\n    exclude: [clinician]",
    )
    problem = only(problems_of(builtin, text))
    assert (problem.line, problem.column, problem.path) == (6, 5, ("sections", 0))
    assert "not both" in problem.message


# --------------------------------------------------------------------------- document shape


def test_top_level_list(builtin: Engine) -> None:
    """A list instead of a mapping is reported at the start of the document."""
    problem = only(problems_of(builtin, "- id: demo\n- title: T\n"))
    assert (problem.line, problem.column, problem.path) == (1, 1, ())
    assert problem.message == "expected a mapping at the top level, got a list"


@pytest.mark.parametrize("text", ["", "# only a comment\n"], ids=["empty", "comment-only"])
def test_empty_file(tmp_path: Path, builtin: Engine, text: str) -> None:
    """An empty file is a clear ContentError (API) and exit 2 (CLI)."""
    path = write(tmp_path, "empty.yaml", text)
    with pytest.raises(ContentError) as info:
        builtin.load(path)
    problem = only(info.value.problems)
    assert (problem.file, problem.line, problem.column) == (str(path), None, None)
    assert problem.message == "expected a mapping at the top level, got an empty document"
    lines = assert_bad_input(cli("render", path, "-a", "patient"))
    assert lines == [f"error: {path}: {problem.message}"]


# --------------------------------------------------------------------------- JSON


def test_json_syntax_error_is_located(tmp_path: Path, builtin: Engine) -> None:
    """A JSON syntax error in a .json file has line and column."""
    path = write(
        tmp_path,
        "a.json",
        dedent(
            """\
            {
              "id": "demo"
              "title": "A title"
            }
            """
        ),
    )
    # the missing ',' is noticed at line 3 column 3 (the `"title"` key)
    with pytest.raises(ContentError) as info:
        builtin.load(path)
    problem = only(info.value.problems)
    assert (problem.file, problem.line, problem.column) == (str(path), 3, 3)
    assert problem.message == "JSON syntax error: Expecting ',' delimiter"
    lines = assert_bad_input(cli("render", path, "-a", "patient"))
    assert lines == [f"error: {path}:3:3: JSON syntax error: Expecting ',' delimiter"]


def test_json_validation_errors_are_located(tmp_path: Path, builtin: Engine) -> None:
    """Validation problems in a JSON file carry JSON positions and paths."""
    path = write(
        tmp_path,
        "a.json",
        dedent(
            """\
            {
              "id": "demo",
              "title": "A title",
              "lead": "Lead [1]",
              "updated": "2025-10-28",
              "sections": [
                {"id": "one", "heading": "H", "blocks": [{"text": "x", "kind": "bulet"}]}
              ]
            }
            """
        ),
    )
    with pytest.raises(ContentError) as info:
        builtin.load(path)
    problems = info.value.problems
    assert len(problems) == 2, problems
    kind = at(problems, ("sections", 0, "blocks", 0, "kind"))
    # line 7: the quoted `"bulet"` starts at column 68
    assert (kind.line, kind.column) == (7, 68)
    assert "did you mean 'bullet'" in kind.message
    lead = at(problems, ("lead",))
    # line 4 `  "lead": "Lead [1]",`: '[' is column 17
    assert (lead.line, lead.column) == (4, 17)
    assert "citation [1] has no entry" in lead.message


def test_tab_indented_json_is_accepted(builtin: Engine) -> None:
    """Valid JSON indented with tabs loads."""
    data = {
        "id": "demo",
        "title": "A title",
        "lead": "Lead",
        "updated": "2025-10-28",
        "sections": [{"id": "one", "heading": "H", "blocks": ["x"]}],
    }
    article = builtin.parse(json.dumps(data, indent="\t"), file="a.json", fmt="json")
    assert article.id == "demo"


def test_json_surrogate_pair_escape_is_decoded(builtin: Engine) -> None:
    """JSON written by json.dumps (ensure_ascii) keeps characters outside the BMP."""
    data = {
        "id": "demo",
        "title": "Smile \U0001f600",
        "lead": "Lead",
        "updated": "2025-10-28",
        "sections": [{"id": "one", "heading": "H", "blocks": ["x"]}],
    }
    article = builtin.parse(json.dumps(data), file="a.json", fmt="json")
    assert article.title.text == "Smile \U0001f600"


# --------------------------------------------------------------------------- files


def test_missing_file_suggests_a_close_sibling(tmp_path: Path, builtin: Engine) -> None:
    """A missing file is an InputFileError with a did-you-mean for a close name."""
    write(tmp_path, "article.yaml", VALID)
    missing = tmp_path / "articel.yaml"
    with pytest.raises(InputFileError) as info:
        builtin.load(missing)
    assert isinstance(info.value, ContentError)
    assert isinstance(info.value, OSError)
    problem = only(info.value.problems)
    assert problem.file == str(missing)
    assert (problem.line, problem.column) == (None, None)
    assert problem.message == f"no such file (did you mean '{tmp_path / 'article.yaml'}'?)"
    lines = assert_bad_input(cli("render", missing, "-a", "patient"))
    assert lines == [f"error: {missing}: {problem.message}"]


def test_missing_file_without_close_sibling(tmp_path: Path, builtin: Engine) -> None:
    """A missing file with no similar neighbour has no guess."""
    with pytest.raises(InputFileError) as info:
        builtin.load(tmp_path / "zzz.yaml")
    assert only(info.value.problems).message == "no such file"


def test_directory_with_content_suffix_is_a_clear_error(tmp_path: Path, builtin: Engine) -> None:
    """A directory named like a content file says it is a directory."""
    folder = tmp_path / "folder.yaml"
    folder.mkdir()
    with pytest.raises(InputFileError) as info:
        builtin.load(folder)
    problem = only(info.value.problems)
    assert problem.file == str(folder)
    assert problem.message == "is a directory; expected a content file (.yaml, .yml or .json)"
    lines = assert_bad_input(cli("render", folder, "-a", "patient"))
    assert lines == [f"error: {folder}: {problem.message}"]


def test_directory_as_article_path_says_directory(tmp_path: Path, builtin: Engine) -> None:
    """A plain directory passed as the article is reported as a directory."""
    folder = tmp_path / "articles"
    folder.mkdir()
    with pytest.raises(InputFileError) as info:
        builtin.load(folder)
    assert "is a directory" in only(info.value.problems).message


def test_directory_as_article_path_cli_exits_2(tmp_path: Path) -> None:
    """Whatever the message, a directory as the article exits 2 with no traceback."""
    folder = tmp_path / "articles"
    folder.mkdir()
    (line,) = assert_bad_input(cli("render", folder, "-a", "patient"))
    assert line.startswith(f"error: {folder}: ")


def test_unsupported_suffix(tmp_path: Path, builtin: Engine) -> None:
    """A .txt file is refused, naming the accepted suffixes."""
    path = write(tmp_path, "article.txt", VALID)
    with pytest.raises(InputFileError) as info:
        builtin.load(path)
    problem = only(info.value.problems)
    assert problem.message == "unknown file type '.txt'; expected .yaml, .yml or .json"
    lines = assert_bad_input(cli("render", path, "-a", "patient"))
    assert lines == [f"error: {path}: {problem.message}"]


def test_non_utf8_file_points_at_the_bad_byte(tmp_path: Path, builtin: Engine) -> None:
    """A Latin-1 file is refused at the line and column of the first bad byte."""
    path = tmp_path / "latin1.yaml"
    path.write_bytes(b"id: demo\ntitle: caf\xe9\n")
    # line 2 `title: caf\xe9`: the byte 0xe9 is column 11
    with pytest.raises(InputFileError) as info:
        builtin.load(path)
    problem = only(info.value.problems)
    assert (problem.file, problem.line, problem.column) == (str(path), 2, 11)
    assert "not UTF-8" in problem.message
    assert "0xe9" in problem.message
    lines = assert_bad_input(cli("render", path, "-a", "patient"))
    assert lines == [f"error: {path}:2:11: {problem.message}"]


def test_non_utf8_byte_after_bom_is_located(tmp_path: Path, builtin: Engine) -> None:
    """With a UTF-8 BOM the bad byte is still named and located correctly."""
    path = tmp_path / "bom.yaml"
    path.write_bytes(b"\xef\xbb\xbfid: d\n\xffx: 1\n")
    with pytest.raises(InputFileError) as info:
        builtin.load(path)
    problem = only(info.value.problems)
    assert (problem.line, problem.column) == (2, 1)
    assert "0xff" in problem.message


def test_non_utf8_column_counts_characters(tmp_path: Path, builtin: Engine) -> None:
    """The column of a bad byte counts the characters before it, like other columns."""
    path = tmp_path / "mixed.yaml"
    path.write_bytes('id: d\ntitle: "naïve '.encode() + b'\xff"\n')
    with pytest.raises(InputFileError) as info:
        builtin.load(path)
    assert (only(info.value.problems).line, only(info.value.problems).column) == (2, 15)


# --------------------------------------------------------------------------- all at once


def test_several_problems_reported_at_once(builtin: Engine) -> None:
    """One ContentError carries every problem of the file, each located."""
    with pytest.raises(ContentError) as info:
        builtin.load(SEVERAL)
    problems = info.value.problems
    assert len(problems) == 5, problems
    assert all(p.file == str(SEVERAL) for p in problems)

    empty = at(problems, ("title", "text"))  # line 2 `title: ''`
    assert (empty.line, empty.column, empty.message) == (2, 8, "must not be empty")

    citation = at(problems, ("lead",))  # line 3 `lead: Lead text [2]`
    assert (citation.line, citation.column) == (3, 17)
    assert "citation [2] has no entry in 'references'" in citation.message

    unknown = at(problems, ("sumary_heading",))  # line 4
    assert (unknown.line, unknown.column) == (4, 1)
    assert "did you mean 'summary_heading'" in unknown.message

    audience = at(problems, ("sections", 0, "blocks", 0, "pateint"))  # line 11
    assert (audience.line, audience.column) == (11, 9)
    assert "did you mean 'patient'" in audience.message

    duplicate = at(problems, ("sections", 1, "id"))  # line 12 `  - id: one`
    assert (duplicate.line, duplicate.column) == (12, 9)
    assert "duplicate section id 'one'" in duplicate.message

    summary = str(info.value)
    assert summary.startswith("5 problems found\n")
    assert all(str(p) in summary for p in problems)


def test_several_problems_one_cli_run() -> None:
    """One CLI run prints all five problems, one formatted line each, and exits 2."""
    lines = assert_bad_input(cli("render", SEVERAL, "-a", "patient"))
    assert len(lines) == 5, lines
    found = {}
    for line in lines:
        match = ERROR_LINE.match(line)
        assert match, line
        assert match.group("file") == str(SEVERAL)
        found[match.group("field")] = (int(match.group("line")), int(match.group("column")))
    assert found == {
        "title.text": (2, 8),
        "lead": (3, 17),
        "sumary_heading": (4, 1),
        "sections[0].blocks[0].pateint": (11, 9),
        "sections[1].id": (12, 9),
    }


def test_several_problems_real_process_has_no_traceback() -> None:
    """The installed `readerlevel` script exits 2 with five error lines, no traceback."""
    run = subprocess.run(
        [str(EXECUTABLE), "render", str(SEVERAL), "-a", "patient"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2, run.stderr
    assert "Traceback" not in run.stderr + run.stdout
    assert run.stdout == ""
    lines = run.stderr.splitlines()
    assert len(lines) == 5, lines
    assert all(ERROR_LINE.match(line) for line in lines), lines


def test_missing_file_real_process_has_no_traceback(tmp_path: Path) -> None:
    """A missing file run through the real script exits 2 with one line."""
    missing = tmp_path / "nope.yaml"
    run = subprocess.run(
        [str(EXECUTABLE), "render", str(missing), "-a", "patient"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert run.stderr == f"error: {missing}: no such file\n"


# --------------------------------------------------------------------------- pickling


def test_content_error_pickles_with_its_problems(builtin: Engine) -> None:
    """A ContentError survives pickling with all its problems and its message."""
    with pytest.raises(ContentError) as info:
        builtin.load(SEVERAL)
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is ContentError
    assert copy.problems == info.value.problems
    assert str(copy) == str(info.value)


def test_input_file_error_pickles_with_its_problems(tmp_path: Path, builtin: Engine) -> None:
    """An InputFileError survives pickling as the same subclass."""
    with pytest.raises(InputFileError) as info:
        builtin.load(tmp_path / "missing.yaml")
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is InputFileError
    assert copy.problems == info.value.problems
    assert str(copy) == str(info.value)


def test_unknown_audience_error_pickles_with_its_details(builtin: Engine) -> None:
    """An UnknownAudienceError keeps name, known names and suggestion when pickled."""
    with pytest.raises(UnknownAudienceError) as info:
        builtin.profiles["pateint"]
    copy = pickle.loads(pickle.dumps(info.value))
    assert type(copy) is UnknownAudienceError
    assert (copy.name, copy.known, copy.suggestion) == (
        "pateint",
        ("clinician", "patient", "caregiver"),
        "patient",
    )
    assert str(copy) == str(info.value)


# --------------------------------------------------------------------------- content packs

STUDENT_ARTICLE = dedent(
    """\
    id: demo
    title: {text: "A title?", student: Student title}
    lead: Lead text [1]
    updated: 2025-10-28
    sections:
      - id: one
        heading: Heading
        blocks:
          - text: A bullet [1]
            audiences: [student]
    references:
      - {id: 1}
    """
)


def make_pack(root: Path, profiles: str) -> Path:
    """A content pack at ``root`` with ``profiles`` as its profiles.yaml; returns the article."""
    (root / "readerlevel.yaml").write_text("", encoding="utf-8")
    (root / "profiles.yaml").write_text(profiles, encoding="utf-8")
    (root / "articles").mkdir()
    return write(root / "articles", "demo.yaml", STUDENT_ARTICLE)


BROKEN_PROFILES = dedent(
    """\
    profiles:
      - name: student
        label: Student
        description: Learning about health.
        fallback: [pateint]
      - name: teen
        label: Teen
        description: A young reader.
        colour: blue
    """
)


def test_broken_profiles_are_located_in_profiles_yaml(tmp_path: Path) -> None:
    """Unknown fallback and unknown field in profiles.yaml are both reported there."""
    root = tmp_path / "pack"
    root.mkdir()
    make_pack(root, BROKEN_PROFILES)
    with pytest.raises(ContentError) as info:
        Engine(root)
    problems = info.value.problems
    assert len(problems) == 2, problems
    assert all(p.file == str(root / "profiles.yaml") for p in problems)
    fallback = at(problems, ("profiles", 0, "fallback", 0))
    # line 5 `    fallback: [pateint]`: `pateint` is column 16
    assert (fallback.line, fallback.column) == (5, 16)
    assert fallback.message == "unknown audience 'pateint' (did you mean 'patient'?)"
    colour = at(problems, ("profiles", 1, "colour"))
    # line 9 `    colour: blue`
    assert (colour.line, colour.column) == (9, 5)
    assert colour.message == "unknown field 'colour'"


def test_broken_profiles_cli_exits_2(tmp_path: Path) -> None:
    """Rendering an article of a pack with a broken profiles.yaml exits 2 with located lines."""
    root = (tmp_path / "pack").resolve()
    root.mkdir()
    article = make_pack(root, BROKEN_PROFILES)
    lines = assert_bad_input(cli("render", article, "-a", "student"))
    profiles = root / "profiles.yaml"
    assert sorted(lines) == sorted(
        [
            f"error: {profiles}:5:16: profiles[0].fallback[0]: unknown audience 'pateint' "
            "(did you mean 'patient'?)",
            f"error: {profiles}:9:5: profiles[1].colour: unknown field 'colour'",
        ]
    )


def test_profiles_yaml_syntax_error_is_located(tmp_path: Path) -> None:
    """A YAML syntax error in profiles.yaml names that file and position."""
    make_pack(tmp_path, "profiles:\n  - name: [student\n")
    with pytest.raises(ContentError) as info:
        Engine(tmp_path)
    problem = only(info.value.problems)
    assert problem.file == str(tmp_path / "profiles.yaml")
    assert problem.line == 3
    assert problem.message.startswith("YAML syntax error:")


def test_profile_with_two_problems_reports_both(tmp_path: Path) -> None:
    """An unknown field and an unknown fallback in one profile are both reported."""
    make_pack(
        tmp_path,
        "profiles:\n  - name: student\n    label: S\n    description: D\n"
        "    fallback: [pateint]\n    colour: blue\n",
    )
    with pytest.raises(ContentError) as info:
        Engine(tmp_path)
    assert {p.path for p in info.value.problems} == {
        ("profiles", 0, "fallback", 0),
        ("profiles", 0, "colour"),
    }


def test_profiles_yaml_top_level_typo_suggests_profiles(tmp_path: Path) -> None:
    """`profile:` instead of `profiles:` suggests the right key."""
    make_pack(tmp_path, "profile:\n  - name: student\n")
    with pytest.raises(ContentError) as info:
        Engine(tmp_path)
    problem = only(info.value.problems)
    assert (problem.line, problem.column, problem.path) == (1, 1, ("profile",))
    assert "did you mean 'profiles'" in problem.message


@pytest.mark.parametrize(
    ("entry", "line"),
    [
        ("  - name: [student]\n    label: S\n    description: D\n", 2),
        ("  - name: s\n    extends: [patient]\n", 3),
    ],
    ids=["list-name", "list-extends"],
)
def test_unhashable_profile_name_is_a_content_error(tmp_path: Path, entry: str, line: int) -> None:
    """A list where a profile name belongs is a ContentError located at that list."""
    make_pack(tmp_path, "profiles:\n" + entry)
    with pytest.raises(ContentError) as info:
        Engine(tmp_path)
    assert only(info.value.problems).line == line


def test_user_defined_audience_is_accepted(tmp_path: Path) -> None:
    """An article may use an audience that the pack's profiles.yaml defines."""
    article_path = make_pack(
        tmp_path,
        "profiles:\n  - name: student\n    label: Student\n    description: D.\n"
        "    fallback: [patient]\n",
    )
    pack_engine = Engine.for_path(article_path)
    assert "student" in pack_engine.profiles
    article = pack_engine.load(article_path)
    assert article.title.form("student") == "Student title"
    result = cli("render", article_path, "-a", "student", "-f", "text")
    assert result.exit_code == 0, result.output
    assert "Student title" in result.stdout


def test_user_defined_audience_unknown_without_the_pack(tmp_path: Path) -> None:
    """The same article checked against built-ins only reports 'student' as unknown."""
    article_path = write(tmp_path, "demo.yaml", STUDENT_ARTICLE)
    with pytest.raises(ContentError) as info:
        Engine().load(article_path)
    problems = info.value.problems
    title = at(problems, ("title", "student"))
    # line 2 `title: {text: "A title?", student: Student title}`: `student` is column 27
    assert (title.line, title.column) == (2, 27)
    block = at(problems, ("sections", 0, "blocks", 0, "audiences", 0))
    # line 10 `        audiences: [student]`: `student` is column 21
    assert (block.line, block.column) == (10, 21)
    assert "unknown audience 'student'" in block.message


def test_unknown_audience_option_lists_pack_audiences(tmp_path: Path) -> None:
    """`--audience` in a pack lists the pack's audiences as well as the built-ins."""
    article_path = make_pack(
        tmp_path, "profiles:\n  - name: student\n    label: Student\n    description: D.\n"
    )
    lines = assert_bad_input(cli("render", article_path, "-a", "studnet"))
    assert lines == [
        "error: unknown audience 'studnet' (did you mean 'student'?); "
        "known audiences: clinician, patient, caregiver, student"
    ]
