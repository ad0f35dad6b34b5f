"""A step's documentation split for staff (rows, cells, time standard) and analysts (notes)."""

from __future__ import annotations

from engine.definitions.sopdoc import duration_label, split

DOC = """[sop07 16.3] Membentuk kelompok warga untuk pengamanan lingkungan
[sop07 15] (disusun ulang) MENONJOL: Penanganan kejadian menonjol
[sop07 6] (kosong)
(16.3) Kelengkapan: Alat tulis; Waktu: 1; Output: Data kelompok; warga
ASUMSI: baris ini tidak terbaca pada naskah sumber
Catatan lain"""


def test_rows_cells_and_notes_are_apart():
    text = split(DOC)
    assert [(r.number, r.mark) for r in text.rows] == [("16.3", ""), ("15", "disusun ulang"), ("6", "kosong")]
    assert text.rows[0].text == "Membentuk kelompok warga untuk pengamanan lingkungan"
    assert (text.rows[0].kelengkapan, text.rows[0].output) == ("Alat tulis", "Data kelompok; warga")
    assert text.rows[2].text == ""
    assert text.notes == ["baris ini tidak terbaca pada naskah sumber"]
    assert text.other == ["Catatan lain"]
    assert all("ASUMSI" not in r.text for r in text.rows)


def test_time_standards_in_words():
    assert [duration_label(x) for x in ("PT1H", "PT30M", "P2D", "P1DT2H", "'PT1H'")] == \
        ["1 jam", "30 menit", "2 hari", "1 hari 2 jam", "1 jam"]
    assert duration_label("PT2H", english=True) == "2 hours" and duration_label("P1D", english=True) == "1 day"
    assert duration_label("") == duration_label(None) == duration_label("besok") == ""
