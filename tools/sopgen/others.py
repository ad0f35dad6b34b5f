"""SOP-06 (incoming letters) and FKPM (SOP-07 is in sop07.py).

Their tables differ from the three-stage SOPs, so each is written out here row by row. Rows missing
from the extracted text are reconstructed and marked ``reconstructed`` (rows file) and ASUMSI (diagram).
"""

from __future__ import annotations

from . import forms as fk
from . import sop07
from .builder import Sop
from .seed import Row


def _doc(sop: Sop, rows: list[Row], *notes: str) -> str:
    return sop.doc(rows, *notes)


def _form(slug: str, title: str, en: str, kind: str | None = None, output: str = "",
          props: dict | None = None, required: list[str] | None = None, description: str = "") -> tuple[str, dict]:
    if kind:
        props, required = fk.for_kind(kind, output, title)
    return slug, fk.schema(title, en, description or title, props or {}, required or [])


# ---------------------------------------------------------------------------------------------------
# SOP-06 Registrasi surat / STR / TR masuk
# ---------------------------------------------------------------------------------------------------

SOP06_ROWS = [
    Row("1", "Terima surat / STR / TR dari instansi Polri, Badan, Pemerintah, BUMN, LSM masuk",
        "surat / STR / TR dari instansi Polri, Badan, Pemerintah, BUMN, LSM"),
    Row("2", "Menerima, membaca, memahami dan memberikan tanda terima serta mencatat pada buku register surat/STR/TR masuk",
        output="Notadinas & Blanko KTA"),
    Row("3", "Meneruskan surat / STR / TR dari instansi Polri, Badan, Pemerintah, BUMN, LSM masuk dengan melampirkan "
             "lembaran disposisi untuk diteruskan ke unit-unit dll",
        "Mencatat dalam buku registrasi masuk / keluar surat/STR/TR dari instansi Polri (satker/satwil/badan)"),
    Row("4", "Menerima, membaca, memahami dan membalas serta melaksanakan petunjuk, sesuai dengan arahan yang ada dalam "
             "lembar disposisi", "Disposisi"),
    Row("5", "Membalas, dan mendistribusikan sesuai disposisi kepada para kanit dan polsek jajaran", "Disposisi"),
    Row("6", "Meneruskan surat / STR / TR dari instansi Polri, Badan, Pemerintah, BUMN, LSM masuk kepada kapolres / waka",
        "Disposisi"),
    Row("7", "Menyerahkan hasil surat / STR / TR dari instansi Polri, Badan, Pemerintah, BUMN, LSM masuk kepada kasat "
             "untuk di tanda tangani pimpinan dengan konseptor.", "Surat/STR/TR/Laporan Hasil", output="Disposisi"),
    Row("8", "Menerima surat / STR / TR dari instansi Polri, Badan, Pemerintah, BUMN, LSM sebagai hasil giat yang akan di "
             "tanda tangani", "Melakukan pengecekan ulang tentang Surat/STR/TR", "20", "Disposisi"),
    Row("9", "Menyerahkan surat / STR / TR dari instansi Polri, Badan, Pemerintah, BUMN, LSM sesuai alamat serta tembusan "
             "dan dicatat dalam agenda menyerahkan sebagai pertanggungjawaban.",
        "Melakukan Surat/STR/TR dan stempel serta nomor dan tanggal"),
    Row("10", "Mengirimkan tembusan surat / STR / TR dari instansi Polri, Badan, Pemerintah, BUMN, LSM sebagai laporan "
              "Dirbinmas."),
]


def sop06() -> Sop:
    INST, KAPOLRES, KASAT, BINOPS, MINTU, KANIT, SIUM = ("INSTANSI", "KAPOLRESTA", "KASAT BINMAS", "KAUR BINOPS",
                                                         "KAUR MINTU", "KANIT BINPOLMAS/BINKAMSA/BINTIBMAS", "SIUM")
    sop = Sop("sop06", "SOP-06 Registrasi Surat / STR / TR Masuk", [INST, KAPOLRES, KASAT, BINOPS, MINTU, KANIT, SIUM],
              "Nomor: SOP-06/I/HUK.7.1/2023/BINMAS, Sat Binmas Polresta Tanjungpinang.",
              {INST: KASAT, KAPOLRES: KASAT, KASAT: KAPOLRES, BINOPS: KASAT, MINTU: KASAT, KANIT: KASAT, SIUM: KASAT})
    sop.rows = SOP06_ROWS
    r = {row.key: row for row in SOP06_ROWS}
    register_props = {
        "nomor_agenda": fk.text("Nomor agenda / register", "Register number", 100),
        "tanggal_terima": fk.date("Tanggal diterima", "Date received"),
        "pengirim": fk.text("Instansi pengirim", "Sender", 300),
        "jenis": {"type": "string", "title": "Jenis", "x-title-en": "Kind", "enum": ["surat", "STR", "TR"]},
        "nomor_surat": fk.text("Nomor surat / STR / TR", "Letter number", 100),
        "perihal": fk.text("Perihal", "Subject", 300),
        "pindaian": fk.attachment("Pindaian surat", "Scanned letter"),
    }
    start = sop.start("sop06_surat_masuk", MINTU, "Surat / STR / TR masuk",
                      _doc(sop, [r["1"]], "surat datang dari instansi (lajur INSTANSI, tanda “Mula” di kolomnya); "
                                          "instans dimulai oleh Kaur Mintu yang menerimanya"))
    t2 = sop.task("sop06_s02_registrasi", MINTU, "Menerima dan mencatat di register", _doc(
        sop, [r["2"]], "penerimaan dan pencatatan pada buku register adalah pekerjaan tata usaha (Kaur Mintu)"),
        _form("registrasi", "Registrasi surat masuk", "Registering the incoming letter", props=register_props,
              required=["nomor_agenda", "tanggal_terima", "pengirim", "jenis", "perihal"]))
    t3 = sop.task("sop06_s03_teruskan_disposisi", MINTU, "Meneruskan dengan lembar disposisi", _doc(
        sop, [r["3"]], "Kaur Mintu melampirkan lembar disposisi dan meneruskan kepada Kasat Binmas"),
        _form("teruskan_disposisi", "Meneruskan dengan lembar disposisi", "Forwarding with a routing slip", "kirim"))
    t4 = sop.task("sop06_s04_disposisi", KASAT, "Membaca dan memberi disposisi", _doc(
        sop, [r["4"]], "“memahami … sesuai arahan dalam lembar disposisi” dikerjakan Kasat Binmas"),
        _form("disposisi", "Disposisi Kasat Binmas", "Disposition", "disposisi"))
    t5 = sop.task("sop06_s05_distribusi", BINOPS, "Mendistribusikan sesuai disposisi", _doc(
        sop, [r["5"]], "distribusi kepada para Kanit dan Polsek jajaran dikerjakan Kaur Binops"),
        _form("distribusi", "Distribusi sesuai disposisi", "Distribution", "distribusi"))
    t6 = sop.task("sop06_s06_teruskan_kapolres", SIUM, "Meneruskan kepada Kapolres / Waka", _doc(
        sop, [r["6"]], "penerusan kepada Kapolresta / Waka melalui Seksi Umum (SIUM)"),
        _form("teruskan_kapolres", "Meneruskan kepada Kapolres / Waka", "Forwarding to the chief", "kirim"))
    t7 = sop.task("sop06_s07_konsep_balasan", KANIT, "Menyiapkan hasil / balasan (konseptor)", _doc(
        sop, [r["7"]], "Kanit yang menerima disposisi menjadi konseptor balasan"),
        _form("konsep_balasan", "Hasil / balasan untuk ditandatangani", "Reply for signature", "surat", r["7"].kelengkapan))
    t8 = sop.task("sop06_s08_tandatangan", KAPOLRES, "Memeriksa dan menandatangani", _doc(
        sop, [r["8"]], "“ditandatangani pimpinan”: Kapolresta", "angka 20 pada kolom WKT tanpa satuan dibaca 20 menit"),
        _form("tandatangan", "Pemeriksaan dan tanda tangan", "Check and sign", "tandatangan_review"), due="PT20M")
    gate = sop.gateway("sop06_s08_keputusan", KAPOLRES, "Disetujui?", default="sop06_s08_keputusan__perbaiki")
    t9 = sop.task("sop06_s09_kirim", MINTU, "Mengirim sesuai alamat dan mencatat di agenda", _doc(
        sop, [r["9"]], "pengiriman dan pencatatan agenda adalah pekerjaan tata usaha (Kaur Mintu)"),
        _form("kirim", "Pengiriman sesuai alamat", "Dispatch", "kirim"))
    t10 = sop.task("sop06_s10_tembusan", SIUM, "Mengirim tembusan ke Dirbinmas", _doc(
        sop, [r["10"]], "tembusan sebagai laporan kepada Dirbinmas dikirim melalui SIUM"),
        _form("tembusan", "Tembusan kepada Dirbinmas", "Copy to Dirbinmas", "kirim"))
    end = sop.end("sop06_diterima_alamat", INST, "Surat sampai ke alamat",
                  "ASUMSI: penyelesaian ditunjukkan di lajur INSTANSI, penerima surat balasan.")
    into7 = sop.gateway("sop06_s07_masuk", KANIT, "")
    sop.chain(start, t2, t3, t4, t5, t6, into7, t7, t8, gate)
    sop.flow(gate, t9, 'keputusan == "setuju"', "setuju")
    sop.flow(gate, into7, None, "perbaiki", id_="sop06_s08_keputusan__perbaiki")
    sop.chain(t9, t10, end)
    return sop


# ---------------------------------------------------------------------------------------------------
# FKPM
# ---------------------------------------------------------------------------------------------------

FKPM_ROWS = [
    Row("A", "A. PENCEGAHAN DINI — Maksud: melakukan pencegahan dini dalam bentuk monitor / identifikasi masalah. "
             "Tujuan: membantu Polri dan unsur pemerintah setempat dalam wadah kemitraan dan kesetaraan guna menekan "
             "serta mencegah ancaman nyata gangguan kamtibmas",
        "1. Surat perintah tugas 2. Kamera / hp 3. Buku catatan 4. Alat tulis", "1 Jam"),
    Row("B", "B. NEGOSIASI DAN MEDIASI — Maksud: menyelesaikan masalah melalui musyawarah mufakat. Tujuan: mengurangi "
             "laporan / pengaduan dari masyarakat tentang tindak pidana atau pelanggaran; memberikan rasa aman pada warga",
        "1. Surat perintah tugas 2. Kamera / Hp 3. Buku catatan 4. Alat tulis", "1 Jam"),
    Row("C", "C. KOORDINASI — Maksud: melakukan koordinasi dengan pihak terkait dan yang berperkara. Tujuan: "
             "mengamankan kegiatan masyarakat / pemerintah setempat dan konflik sosial; menyelesaikan masalah dengan "
             "musyawarah mufakat; menyampaikan informasi yang diperlukan warga; mengetahui permasalahan di lingkungan",
        "1. Surat perintah tugas 2. Materi 3. Kamera/Hp 4. Soundsystem 5. Sarana pendukung kegiatan 6. Buku catatan "
        "7. Alat tulis", "1 Jam"),
]


def fkpm() -> Sop:
    KASAT, KBO, BINKAMSA, BINPOLMAS, BINTIBMAS, FKPM = ("KASAT BINMAS", "KBO BINMAS", "KANIT BINKAMSA",
                                                        "KANIT BINPOLMAS", "KANIT BINTIBMAS", "FKPM/POLMAS")
    sop = Sop("fkpm", "SOP FKPM (Forum Kemitraan Polisi dan Masyarakat)",
              [KASAT, KBO, BINKAMSA, BINPOLMAS, BINTIBMAS, FKPM],
              "Nomor: SOP/07/IX/2019, Sat Binmas Polres Gorontalo Kota (efektif 1 Oktober 2019). Setiap kegiatan "
              "melewati rantai Kasat Binmas → KBO Binmas → Kanit Binkamsa → Kanit Binpolmas → Kanit Bintibmas → "
              "FKPM/Polmas, masing-masing 1 jam.",
              {KASAT: KBO, KBO: KASAT, BINKAMSA: KBO, BINPOLMAS: KBO, BINTIBMAS: KBO, FKPM: BINPOLMAS})
    sop.rows = FKPM_ROWS
    r = {row.key: row for row in FKPM_ROWS}
    start = sop.start("fkpm_mulai", KASAT, "Mulai")
    choose = sop.task("fkpm_kasat_perintah", KASAT, "Menetapkan kegiatan dan Sprin tugas",
                      _doc(sop, FKPM_ROWS, "satu instans menjalankan satu kegiatan (A, B atau C) yang dipilih Kasat"),
                      _form("perintah_kasat", "Kegiatan FKPM", "FKPM activity", props={
                          "kegiatan": {"type": "string", "title": "Kegiatan", "x-title-en": "Activity", "oneOf": [
                              {"const": "pencegahan_dini", "title": "A. Pencegahan dini", "x-title-en": "Early prevention"},
                              {"const": "negosiasi_mediasi", "title": "B. Negosiasi dan mediasi", "x-title-en": "Negotiation and mediation"},
                              {"const": "koordinasi", "title": "C. Koordinasi", "x-title-en": "Coordination"}]},
                          "nomor_sprin": fk.text("Nomor surat perintah tugas", "Assignment order number", 100),
                          "sasaran": fk.text("Sasaran / permasalahan", "Target / problem", 2000),
                          "sprin": fk.attachment("Surat perintah tugas", "Assignment order")},
                            required=["kegiatan", "nomor_sprin"]), due="PT1H")
    gate = sop.gateway("fkpm_kegiatan", KASAT, "Kegiatan?", default="fkpm_kegiatan__koordinasi")
    sop.chain(start, choose, gate)
    for letter, value, label in (("a", "pencegahan_dini", "pencegahan dini"), ("b", "negosiasi_mediasi", "negosiasi dan mediasi"),
                                 ("c", "koordinasi", "koordinasi")):
        row = r[letter.upper()]
        chain = []
        for lane_name, who, slug, kind in ((KBO, "KBO Binmas", "kbo", "perintah"), (BINKAMSA, "Kanit Binkamsa", "binkamsa", "koordinasi"),
                                           (BINPOLMAS, "Kanit Binpolmas", "binpolmas", "koordinasi"),
                                           (BINTIBMAS, "Kanit Bintibmas", "bintibmas", "koordinasi"), (FKPM, "FKPM / Polmas", "fkpm", "laporan")):
            title = f"{label.capitalize()}: {who}"
            if kind == "koordinasi":
                form = _form(f"{letter}_{slug}", title, f"{label}: {who}", props={
                    "langkah": fk.text("Langkah yang dilakukan", "Action taken", 3000),
                    "catatan": fk.text("Catatan / buku catatan", "Notes", 3000)}, required=["langkah"])
            elif kind == "laporan":
                form = _form(f"{letter}_{slug}", title, f"{label}: {who}", props={
                    "hasil": fk.text("Hasil kegiatan", "Outcome", 4000),
                    "jumlah_warga": fk.count("Jumlah warga terlibat", "People involved"),
                    "foto": fk.attachments("Foto (kamera / hp)", "Photos")}, required=["hasil"])
            else:
                form = _form(f"{letter}_{slug}", title, f"{label}: {who}", kind)
            task_id = sop.task(f"fkpm_{letter}_{slug}", lane_name, title,
                               _doc(sop, [row], f"rantai pelaksana menurut bagan alir SOP: langkah {who}"), form, due="PT1H")
            chain.append(task_id)
        if letter == "c":
            sop.flow(gate, chain[0], None, "koordinasi", id_="fkpm_kegiatan__koordinasi")
        else:
            sop.flow(gate, chain[0], f'kegiatan == "{value}"', label)
        sop.chain(*chain)
        sop.flow(chain[-1], sop.end(f"fkpm_{letter}_selesai", FKPM, f"Selesai ({label})"))
    return sop


BUILDERS = {"sop06": sop06, "sop07": sop07.routine, "sop07_kejadian": sop07.incident, "fkpm": fkpm}
