"""Loading and validation (data-contract sections 1-6 and 9) on small hand-made audits:
good input, and generated audits that must always load."""

from __future__ import annotations

import hashlib
import string

import pandas as pd
from conftest import CASES_HEADER, folder_to_workbook, write_audit, write_csv
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from load_cases import EPISODE_HEADER, JUDGEMENT_HEADER, MFH, ONE_CASE, ONE_JUDGEMENT

from cscp_analysis.io.load import load_audit

# ------------------------------------------------------------------ good input


def test_codes_are_canonicalised_ignoring_case_and_spaces(small_cse):
    audit = load_audit(small_cse)
    cases = audit.cases.set_index("case_id")
    assert cases.loc["C01", "area"] == "Cumberland"
    assert cases.loc["C01", "case_type"] == "CP"
    assert cases.loc["C01", "gender"] == "Female"
    assert cases.loc["C01", "agencies"] == "Police; Health"
    assert cases.loc["C02", "gender"] == "Male"
    assert cases.loc["C01", "age_in_months"] == 12 * 12 + 3
    assert cases.loc["C02", "age_in_months"] == 17 * 12  # blank months read as 0
    j = audit.judgements
    assert list(j["case_id"]) == ["C01", "C02", "C02"]  # "c02" refers to case C02
    assert list(j["answer"]) == ["Yes", "Partly", "Requires improvement"]
    assert list(j["agency"]) == ["Panel", "Police", "Panel"]  # blank means the panel
    assert audit.voice.loc[0, "consent_to_share"] == "Yes"


def test_extra_columns_and_spreadsheet_rows_are_kept(small_cse):
    cases = load_audit(small_cse).cases
    assert list(cases["note"]) == ["kept", ""]
    assert list(cases["row"]) == [2, 3]


def test_input_files_are_never_modified(small_cse):
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in small_cse.iterdir()}
    audit = load_audit(small_cse)
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in small_cse.iterdir()}
    assert before == after
    assert audit.inputs == before  # provenance records exactly these hashes


def test_both_date_styles_and_date_only_flags(tmp_path):
    folder = write_audit(
        tmp_path / "a", MFH, cases=ONE_CASE,
        judgements=(JUDGEMENT_HEADER, [["C01", "voice_heard", "Yes", "", ""]]),
        episodes=(EPISODE_HEADER, [
            ["C01", "E1", "m", "01/03/2016 22:30", "2016-03-02", "", "", "04/03/2016", "", ""],
            ["C01", "E2", "", "2016-03-10T08:15", "10/03/2016 20:00", "yes", "No",
             "2016-03-11 09:00", "Lancashire", "no"],
        ]),
    )
    ep = load_audit(folder).episodes
    assert list(ep["missing_from"]) == [pd.Timestamp("2016-03-01 22:30"),
                                        pd.Timestamp("2016-03-10 08:15")]
    assert list(ep["returned"]) == [pd.Timestamp("2016-03-02"), pd.Timestamp("2016-03-10 20:00")]
    assert list(ep["missing_from_date_only"]) == [False, False]
    assert list(ep["returned_date_only"]) == [True, False]
    assert list(ep["rhi_held_date_only"]) == [True, False]
    assert list(ep["kind"]) == ["M", "M"]  # blank kind is M
    assert ep.loc[1, "rhi_offered"] == "Yes" and ep.loc[1, "rhi_report_received"] == "No"
    assert pd.isna(ep.loc[0, "placing_authority"])
    assert ep.loc[1, "placing_authority"] == "Lancashire"


def test_csv_saved_by_excel_with_a_byte_order_mark_loads(tmp_path):
    folder = write_audit(tmp_path / "a", judgements=ONE_JUDGEMENT)
    write_csv(folder / "cases.csv", *ONE_CASE, bom=True)
    assert list(load_audit(folder).cases["case_id"]) == ["C01"]


def test_workbook_and_folder_give_identical_tables(small_cse, tmp_path):
    from_folder = load_audit(small_cse)
    from_book = load_audit(folder_to_workbook(small_cse, tmp_path / "audit.xlsx"))
    assert from_book.info == from_folder.info
    for table in ("cases", "judgements", "voice", "episodes", "meetings"):
        pd.testing.assert_frame_equal(getattr(from_book, table), getattr(from_folder, table))


def test_workbook_date_cells_read_like_csv_text(tmp_path):
    import datetime as dt

    from openpyxl import load_workbook

    folder = write_audit(
        tmp_path / "a", MFH, cases=ONE_CASE, judgements=ONE_JUDGEMENT,
        episodes=(EPISODE_HEADER[:5], [["C01", "E1", "M", "2016-03-01 22:30", "2016-03-02"]]),
    )
    book = folder_to_workbook(folder, tmp_path / "a.xlsx")
    wb = load_workbook(book)
    ws = wb["episodes"]
    ws["D2"].value = dt.datetime(2016, 3, 1, 22, 30)
    ws["D2"].number_format = "yyyy-mm-dd hh:mm"
    ws["E2"].value = dt.datetime(2016, 3, 2)
    ws["E2"].number_format = "dd/mm/yyyy"
    wb.save(book)
    a, b = load_audit(folder).episodes, load_audit(book).episodes
    pd.testing.assert_frame_equal(a, b)
    assert bool(b.loc[0, "returned_date_only"]) and not bool(b.loc[0, "missing_from_date_only"])


def test_bundled_samples_are_valid():
    from cscp_analysis.io.load import sample_root

    ids = sorted(p.name for p in sample_root().iterdir() if (p / "audit.yaml").exists())
    assert ids == ["2016-06-cse", "2016-06-mfh", "2022-09-neglect"]
    sizes = {i: len(load_audit(i).cases) for i in ids}
    assert sizes == {"2016-06-cse": 5, "2016-06-mfh": 14, "2022-09-neglect": 12}


# ------------------------------------------------------------------ property


text_cell = st.text(alphabet=string.ascii_letters + " ,;'\"", min_size=1, max_size=12).filter(
    lambda s: s.strip() != "")


@st.composite
def valid_cases(draw):
    n = draw(st.integers(1, 12))
    rows = []
    for i in range(n):
        years = draw(st.integers(0, 18))
        rows.append([
            f"C{i:02d}", draw(st.sampled_from(["Cumberland", " westmorland and furness "])),
            draw(st.sampled_from(["CP", "cin", "EH", "CLA", "CLA_OOC", "PLACED_IN", "none"])),
            str(years), draw(st.sampled_from(["", *map(str, range(12))])),
            draw(st.sampled_from(["Female", "MALE", "Other", "not recorded"])),
            draw(text_cell),
        ])
    answers = draw(st.lists(st.tuples(st.integers(0, n - 1),
                                      st.sampled_from(["voice_heard", "plan_shared"]),
                                      st.sampled_from(["Yes", "no", "Partly", "Not applicable"]),
                                      st.sampled_from(["", "Police", "Health"])),
                            max_size=20, unique_by=lambda t: (t[0], t[1], t[3] or "Panel")))
    return rows, [[f"C{c:02d}", q, a, g, ""] for c, q, a, g in answers]


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(valid_cases())
def test_valid_generated_audits_always_load_and_keep_every_row(tmp_path_factory, data):
    cases, judgements = data
    folder = write_audit(tmp_path_factory.mktemp("prop"),
                         cases=(CASES_HEADER + ["free_text"], cases),
                         judgements=(JUDGEMENT_HEADER, judgements))
    audit = load_audit(folder)
    assert len(audit.cases) == len(cases)
    assert len(audit.judgements) == len(judgements)
    assert list(audit.cases["free_text"]) == [r[6] for r in cases]  # carried through untouched
    assert set(audit.cases["case_type"]) <= {"CP", "CIN", "EH", "CLA", "CLA_OOC", "PLACED_IN",
                                             "NONE"}
