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
        "Mencatat dalam buku registrasi masuk / keluar surat/STR/TR dari instansi Polri (satker/satwil/badan/ BUMN)",
        output="Notadinas & KTA"),
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
    sop.title_template = "{nomor_surat} — {perihal} ({pengirim})"
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
    register_props["nota_dinas"] = fk.attachment("Output: Notadinas & Blanko KTA", "Output: memo and register slip")
    t2 = sop.task("sop06_s02_registrasi", MINTU, "Menerima dan mencatat di register", _doc(
        sop, [r["2"]], "penerimaan dan pencatatan pada buku register adalah pekerjaan tata usaha (Kaur Mintu)"),
        _form("registrasi", "Registrasi surat masuk", "Registering the incoming letter", props=register_props,
              required=["nomor_agenda", "tanggal_terima", "pengirim", "jenis", "perihal"]))
    forward = fk.for_kind("kirim", "", "")
    forward[0]["lembar_disposisi"] = fk.attachment("Output: Notadinas & KTA dengan lembar disposisi",
                                                   "Output: memo with the routing slip")
    t3 = sop.task("sop06_s03_teruskan_disposisi", MINTU, "Meneruskan dengan lembar disposisi", _doc(
        sop, [r["3"]], "Kaur Mintu melampirkan lembar disposisi dan meneruskan kepada Kasat Binmas"),
        _form("teruskan_disposisi", "Meneruskan dengan lembar disposisi", "Forwarding with a routing slip",
              props=forward[0], required=forward[1]))
    t4 = sop.task("sop06_s04_laksanakan_disposisi", KASAT, "Membaca dan melaksanakan petunjuk disposisi", _doc(
        sop, [r["4"]], "“memahami dan membalas serta melaksanakan petunjuk … lembar disposisi” dikerjakan Kasat Binmas, "
                       "yang menerima surat dengan lembar disposisinya (baris 3)"),
        _form("laksanakan_disposisi", "Melaksanakan petunjuk lembar disposisi", "Carrying out the routing slip", props={
            "arahan": fk.text("Arahan dalam lembar disposisi", "Instruction on the routing slip", 1000),
            "tindak_lanjut": fk.text("Petunjuk yang dilaksanakan / balasan", "What is done / the reply", 2000),
            "tanggal": fk.date("Tanggal", "Date"),
            "disposisi": fk.attachment("Lembar disposisi", "Routing slip")}, required=["arahan", "tindak_lanjut"]))
    t5 = sop.task("sop06_s05_distribusi", BINOPS, "Mendistribusikan sesuai disposisi", _doc(
        sop, [r["5"]], "distribusi kepada para Kanit dan Polsek jajaran dikerjakan Kaur Binops"),
        _form("distribusi", "Distribusi sesuai disposisi", "Distribution", "distribusi"))
    t6 = sop.task("sop06_s06_teruskan_kapolres", SIUM, "Meneruskan kepada Kapolres / Waka", _doc(
        sop, [r["6"]], "penerusan kepada Kapolresta / Waka melalui Seksi Umum (SIUM)"),
        _form("teruskan_kapolres", "Meneruskan kepada Kapolres / Waka", "Forwarding to the chief", "kirim"))
    t7 = sop.task("sop06_s07_konsep_balasan", KANIT, "Menyiapkan hasil / balasan (konseptor)", _doc(
        sop, [r["7"]], "Kanit yang menerima disposisi menjadi konseptor balasan"),
        _form("konsep_balasan", "Hasil / balasan untuk ditandatangani", "Reply for signature", "surat", r["7"].kelengkapan))
    t8 = sop.task("sop06_s08_tandatangan", KASAT, "Menerima, memeriksa ulang dan menandatangani", _doc(
        sop, [r["8"]], "baris 7 menyerahkan hasil kepada Kasat untuk ditandatangani: yang menerima dan memeriksa ulang "
                       "(kelengkapan baris 8) adalah Kasat Binmas",
        "angka 20 pada kolom WKT tanpa satuan dibaca 20 menit"),
        _form("tandatangan", "Pemeriksaan ulang dan tanda tangan", "Re-check and sign", "tandatangan_review"),
        due="PT20M")
    gate = sop.gateway("sop06_s08_keputusan", KASAT, "Disetujui?", default="sop06_s08_keputusan__perbaiki")
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
    Row("A", "A. PENCEGAHAN DINI 1. Maksud - Melakukan pencegahan dini dalam bentuk monitor / identifikasi masalah. 2. "
             "Tujuan - Membantu Polri dan unsur pemerintah setempat dalam wadah kemitraan dan kesetaraan guna menekan "
             "serta mencegah ancaman nyata gangguan kamtibmas yang akan muncul di tengah- tengah masyarakat",
        "1. Surat perintah tugas 2. Kamera / hp 3. Buku catatan 4. Alat tulis", "1 Jam"),
    Row("B", "B. NEGOSIASI DAN MEDIASI 1. Maksud - Menyelesaikan masalah melalui musyawarah mufakat 2. Tujuan - "
             "Mengurangi laporan / pengaduan dari masyarakat tentang tindak pidana atau pelanggaran. - Memberikan rasa "
             "aman pada warga",
        "1. Surat perintah tugas 2. Kamera / Hp 3. Buku catatan 4. Alat tulis", "1 Jam"),
    Row("C", "C. KOORDINASI 1. Maksud - Melakukan koordinasi dengan pihak terkait dan yang berperkara 2. Tujuan - "
             "Mengamankan kegiatan masyarakat / pemerintah setempat , konflik sosial agar tercipta situasi kamtibmas "
             "yang aman - Menyelesaikan masalah dengan musyawarah mufakat - Menyampaikan informasi yang diperlukan "
             "warga - Mengetahui permasalahan yang ada di lingkungan masyarakat",
        "1. Surat perintah tugas 2. Materi 3. Kamera/Hp 4. Soundsystem 5. Sarana pendukung kegiatan 6. Buku catatan "
        "7. Alat tulis", "1 Jam"),
]
FKPM_ACTIVITIES = (("a", "pencegahan_dini", "pencegahan dini"), ("b", "negosiasi_mediasi", "negosiasi dan mediasi"),
                   ("c", "koordinasi", "koordinasi"))


def fkpm() -> Sop:
    """Kasat Binmas chooses the activity; each activity (A, B, C) is a collapsed sub-process whose own
    lanes are the actors of its row: KBO arranges, the three Kanits work at once, the forum takes part."""
    KASAT, KBO, BINKAMSA, BINPOLMAS, BINTIBMAS, FKPM = ("KASAT BINMAS", "KBO BINMAS", "KANIT BINKAMSA",
                                                        "KANIT BINPOLMAS", "KANIT BINTIBMAS", "FKPM/POLMAS")
    sop = Sop("fkpm", "SOP FKPM (Forum Kemitraan Polisi dan Masyarakat)", [KASAT, KBO, FKPM],
              "Nomor: SOP/07/IX/2019, Sat Binmas Polres Gorontalo Kota (efektif 1 Oktober 2019). Setiap kegiatan "
              "(A, B, C) diperintahkan Kasat Binmas, diatur KBO Binmas, dilaksanakan ketiga Kanit bersama FKPM / "
              "Polmas; waktu standar kegiatan 1 jam. Tiap kegiatan adalah sub-proses dengan lajur pelakunya sendiri.",
              {KASAT: KBO, KBO: KASAT, BINKAMSA: KBO, BINPOLMAS: KBO, BINTIBMAS: KBO, FKPM: BINPOLMAS})
    sop.title_template = "FKPM {kegiatan} — {sasaran}"
    sop.rows = FKPM_ROWS
    r = {row.key: row for row in FKPM_ROWS}
    start = sop.start("fkpm_mulai", KASAT, "Mulai")
    choose = sop.task("fkpm_kasat_perintah", KASAT, "Menetapkan kegiatan dan surat perintah tugas",
                      _doc(sop, FKPM_ROWS, "satu instans menjalankan satu kegiatan (A, B atau C) yang dipilih Kasat"),
                      _form("perintah_kasat", "Kegiatan FKPM dan surat perintah tugas", "FKPM activity", props={
                          "kegiatan": fk.choice("Kegiatan", "Activity", [
                              ("pencegahan_dini", "A. Pencegahan dini", "Early prevention"),
                              ("negosiasi_mediasi", "B. Negosiasi dan mediasi", "Negotiation and mediation"),
                              ("koordinasi", "C. Koordinasi", "Coordination")]),
                          "nomor_sprin": fk.text("Nomor surat perintah tugas", "Assignment order number", 100),
                          "sasaran": fk.text("Sasaran / permasalahan", "Target / problem", 2000),
                          "sprin": fk.attachment("Surat perintah tugas", "Assignment order")},
                            required=["kegiatan", "nomor_sprin"]))
    gate = sop.gateway("fkpm_kegiatan", KASAT, "Kegiatan?", default="fkpm_kegiatan__koordinasi")
    sop.chain(start, choose, gate)
    parallel_note = ("tabel SOP menandai ketiga Kanit pada baris yang sama: mereka bekerja bersamaan (gerbang "
                     "paralel); waktu standar 1 jam baris ini menjadi waktu setiap Kanit di lapangan")
    for letter, value, label in FKPM_ACTIVITIES:
        row = r[letter.upper()]
        activity = sop.subprocess(
            f"fkpm_{letter}", KBO, f"{letter.upper()}. {label.capitalize()}",
            _doc(sop, [row], "kegiatan ini berjalan sebagai sub-proses; di dalamnya tiap langkah ada di lajur "
                             "pelakunya menurut kolom tabel SOP"),
            [KBO, BINKAMSA, BINPOLMAS, BINTIBMAS, FKPM])
        if letter == "c":
            sop.flow(gate, activity, None, "koordinasi", id_="fkpm_kegiatan__koordinasi")
        else:
            sop.flow(gate, activity, f'kegiatan == "{value}"', label)
        sop.flow(activity, sop.end(f"fkpm_{letter}_selesai", FKPM, f"Kegiatan {letter.upper()} selesai"))
        sop.scope = activity
        inner_start = sop.start(f"fkpm_{letter}_mulai", KBO, "Perintah Kasat")
        kbo = sop.task(f"fkpm_{letter}_kbo", KBO, f"{label.capitalize()}: KBO mengatur pelaksanaan",
                       _doc(sop, [row], "KBO Binmas meneruskan perintah Kasat kepada ketiga Kanit (kolom KBO Binmas)"),
                       _form(f"{letter}_kbo", f"{label.capitalize()}: pengaturan KBO Binmas", f"{label}: KBO", "perintah"))
        split = sop.parallel(f"fkpm_{letter}_bagi", KBO)
        join = sop.parallel(f"fkpm_{letter}_gabung", BINPOLMAS)
        sop.chain(inner_start, kbo, split)
        for lane_name, who, slug in ((BINKAMSA, "Kanit Binkamsa", "binkamsa"), (BINPOLMAS, "Kanit Binpolmas", "binpolmas"),
                                     (BINTIBMAS, "Kanit Bintibmas", "bintibmas")):
            title = f"{label.capitalize()}: {who}"
            form = _form(f"{letter}_{slug}", title, f"{label}: {who}", props={
                "langkah": fk.text("Langkah yang dilakukan", "Action taken", 3000),
                "pihak": fk.text("Pihak / warga yang ditemui", "People met", 1000),
                "catatan": fk.text("Buku catatan", "Notes", 3000),
                "foto": fk.attachments("Foto (kamera / hp)", "Photos")}, required=["langkah"])
            task_id = sop.task(f"fkpm_{letter}_{slug}", lane_name, title, _doc(sop, [row], parallel_note), form,
                               due="PT1H")
            sop.chain(split, task_id, join)
        record = sop.task(f"fkpm_{letter}_hasil", BINPOLMAS, f"{label.capitalize()}: hasil bersama FKPM / Polmas",
                          _doc(sop, [row], "hasil kegiatan bersama FKPM / Polmas dicatat Kanit Binpolmas (pembina "
                                           "Polmas); FKPM / Polmas tidak perlu masuk ke sistem, lajurnya memberi "
                                           "akses baca"),
                          _form(f"{letter}_hasil", f"{label.capitalize()}: hasil kegiatan bersama FKPM / Polmas",
                                f"{label}: outcome with the forum", props={
                              "anggota_fkpm": fk.table("Anggota FKPM / Polmas yang hadir", "Forum members present", {
                                  "nama": fk.text("Nama", "Name", 200), "unsur": fk.text("Unsur", "Represents", 200)},
                                  ["nama"]),
                              "hasil": fk.text("Hasil kegiatan / kesepakatan", "Outcome / agreement", 4000),
                              "jumlah_warga": fk.count("Jumlah warga terlibat", "People involved"),
                              "daftar_hadir": fk.attachment("Daftar hadir / berita acara", "Attendance / minutes"),
                              "foto": fk.attachments("Foto (kamera / hp)", "Photos")}, required=["hasil"]))
        sop.chain(join, record)
        sop.flow(record, sop.end(f"fkpm_{letter}_kegiatan_selesai", FKPM, "Kegiatan selesai"))
        sop.scope = None
    return sop


BUILDERS = {"sop06": sop06, "sop07": sop07.routine, "sop07_kejadian": sop07.incident, "fkpm": fkpm}
