"""SOP-07 Bhabinkamtibmas as two processes that start on their own.

``sop07`` is the routine: the assignment order (rows 1-9), then, period after period, the visit plan
(row 10), the coordination with the three pillars (row 11), the visits of the plan (rows 12-14) and the
reports up to Polda (row 21). ``sop07_kejadian`` is one prominent incident (rows 15-20), reported by the
Bhabinkamtibmas when it happens, as many at once as happen, each ending in the reports of row 21.
"""

from __future__ import annotations

from . import forms as fk
from .builder import Sop
from .seed import Row
from .sop07_rows import rows as seed_rows

KASAT, KANIT_BB, KAPOLSEK, KANIT_PS, KASIUM, BB, MITRA = (
    "KASAT BINMAS", "KANIT BHABINKAMTIBMAS", "KAPOLSEK", "KANIT BINMAS POLSEK", "KASIUM", "BHABINKAMTIBMAS",
    "CAMAT/LURAH/BABINSA")
LANES = [KASAT, KANIT_BB, KAPOLSEK, KANIT_PS, KASIUM, BB, MITRA]
SUPERVISOR = {KASAT: KANIT_BB, KANIT_BB: KASAT, KAPOLSEK: KASAT, KANIT_PS: KAPOLSEK, KASIUM: KAPOLSEK, BB: KANIT_PS,
              MITRA: BB}
HEADER = ("Nomor: SOP-07/I/HUK.7.1/2023/BINMAS, Sat Binmas Polresta Tanjungpinang (9 Januari 2023). Kolom WKT "
          "tidak berisi angka, maka tidak ada waktu standar.")
REBUILT = "baris ini tidak terbaca pada naskah sumber dan disusun ulang dari baris sekitarnya dan SOP lain"


def _form(slug: str, title: str, en: str, props: dict, required: list[str], description: str = "") -> tuple[str, dict]:
    return slug, fk.schema(title, en, description or title, props, required)


def _items(r: dict[str, Row], keys: list[str], title: str, en: str) -> dict:
    """A checklist whose items are the seed's rows."""
    return fk.checklist([(f"butir_{k.replace('.', '_')}", f"{k} {r[k].text}") for k in keys], title, en)


def _letters(text: str) -> list[tuple[str, str]]:
    """The a) … h) sub-items of a row's text, as (letter, text)."""
    import re

    parts = re.split(r"\s([a-h])\)\s", " " + text.split(":", 1)[-1])
    return [(parts[i], parts[i + 1].strip()) for i in range(1, len(parts) - 1, 2)]


def _letter_list(r: Row, title: str, en: str) -> dict:
    key = r.key.replace(".", "_")
    return fk.checklist([(f"butir_{key}_{letter}", f"{r.key} {letter}) {text}") for letter, text in _letters(r.text)],
                        title, en)


def _reporting(sop: Sop, r: dict[str, Row], p: str, what: str) -> tuple[str, str]:
    """Row 21: analysis, the full report, the Polsek's report up to Sat Binmas and Polda. Returns (first, last)."""
    anev = sop.task(f"{p}_s21a_anev", KANIT_PS, "Analisa dan evaluasi kegiatan",
                    sop.doc([r[k] for k in ("21", "21.a", "21.b", "21.c", "21.d")],
                            f"anev {what} dipimpin Kanit Binmas Polsek"),
                    _form("anev", "Analisa dan evaluasi", "Analysis and evaluation", {
                        "tahapan": _items(r, ["21.a", "21.b", "21.c", "21.d"], "Tahapan anev", "Steps"),
                        "hasil_anev": fk.text("Hasil analisa dan evaluasi", "Findings", 4000)}, ["hasil_anev"]))
    t21e = sop.task(f"{p}_s21e_pelaporan", BB, "Pelaporan lengkap kepada pimpinan", sop.doc([r["21.e"]]),
                    _form("pelaporan", "Pelaporan lengkap", "Full report", {
                        "foto": fk.attachments("1) Foto dokumentasi kegiatan", "Photos"),
                        "blangko_usaha": fk.attachment("2) Blangko kunjungan ke tempat usaha / kantor", "Business visit form"),
                        "blangko_penduduk": fk.attachment("3) Blangko kunjungan kepada penduduk", "Resident visit form"),
                        "pemecahan_masalah": fk.text("4) Laporan hasil pemecahan masalah", "Problem solving", 4000),
                        "data_intel": fk.text("5) Data intel dasar di wilayah binaan", "Basic intelligence data", 4000),
                        "laporan_lengkap": fk.attachment("Berkas pelaporan lengkap", "Full report file")},
                        ["pemecahan_masalah"]))
    t21f = sop.task(f"{p}_s21f_perintah_laporan", KANIT_PS, "Memerintahkan pembuatan laporan hasil",
                    sop.doc([r["21.f"]], "perintah kepada Bhabinkamtibmas diberikan Kanit Binmas Polsek"),
                    _form("perintah_laporan", "Perintah membuat laporan hasil", "Order to report",
                          *fk.for_kind("perintah", "", "")))
    t21g = sop.task(f"{p}_s21g_laporan", BB, "Membuat laporan hasil kegiatan", sop.doc([r["21.g"]]),
                    _form("laporan", "Laporan hasil pelaksanaan kegiatan", "Activity report",
                          *fk.for_kind("laporan", "laporan hasil pelaksanaan kegiatan", "")))
    into21h = sop.gateway(f"{p}_s21h_masuk", KANIT_PS, "")
    t21h = sop.task(f"{p}_s21h_rekap", KANIT_PS, "Merekap kegiatan Bhabinkamtibmas", sop.doc([r["21.h"]]),
                    _form("rekap", "Rekap kegiatan", "Summary", {
                        "periode": fk.text("Periode", "Period", 100),
                        "jumlah_kegiatan": fk.count("Jumlah kegiatan", "Activities"),
                        "rekap": fk.attachment("Berkas rekap kegiatan", "Summary file")}, ["periode", "jumlah_kegiatan"]))
    t21i = sop.task(f"{p}_s21i_ajukan_kapolsek", KASIUM, "Mengajukan laporan dan dukungan anggaran ke Kapolsek",
                    sop.doc([r["21.i"]], "penerimaan dan pengajuan berkas kepada Kapolsek oleh Kasium (tata usaha)"),
                    _form("ajukan_kapolsek", "Pengajuan laporan dan dukungan anggaran", "Submission to the chief", {
                        "tanggal_kirim": fk.date("Tanggal diajukan", "Date submitted"),
                        "nomor_agenda": fk.text("Nomor agenda", "Register number", 100),
                        "jumlah_anggaran": {**fk.count("Dukungan anggaran yang diajukan (Rp)", "Budget requested (IDR)",
                                                       10_000_000_000), "x-format": "rupiah"},
                        "berkas": fk.attachment("Laporan hasil dan pengajuan anggaran", "Report and budget request")},
                        ["tanggal_kirim", "nomor_agenda"]))
    t21j = sop.task(f"{p}_s21j_tandatangan", KAPOLSEK, "Koreksi dan tanda tangan laporan",
                    sop.doc([r["21.j"]], "laporan Polsek dikoreksi dan ditandatangani Kapolsek"),
                    _form("tandatangan_laporan", "Koreksi dan tanda tangan laporan hasil", "Check and sign",
                          *fk.for_kind("tandatangan_review", "", "")))
    g21j = sop.gateway(f"{p}_s21j_keputusan", KAPOLSEK, "Laporan disetujui?", default=f"{p}_s21j_keputusan__perbaiki")
    t21k = sop.task(f"{p}_s21k_arsip_teruskan", KASIUM, "Mengarsipkan dan meneruskan ke Sat Binmas",
                    sop.doc([r["21.k"]], "pengarsipan dan penerusan ke Sat Binmas dikerjakan Kasium"),
                    _form("arsip_teruskan", "Arsip dan penerusan ke Sat Binmas", "Archive and forward",
                          *fk.for_kind("kirim", "", "")))
    t21l = sop.task(f"{p}_s21l_rekap_bulanan", KANIT_BB, "Rekap bulanan ke Ditbinmas Polda", sop.doc([r["21.l"]]),
                    _form("rekap_bulanan", "Rekap bulanan kegiatan Bhabinkamtibmas", "Monthly summary",
                          *fk.for_kind("laporan", "rekap bulanan", "")))
    t21m = sop.task(f"{p}_s21m_ke_polda", KASAT, "Meneruskan rekap ke Ditbinmas Polda Kepri", sop.doc([r["21.m"]]),
                    _form("ke_polda", "Pengiriman rekap ke Ditbinmas Polda Kepri", "Sent to the regional directorate",
                          *fk.for_kind("kirim", "", "")))
    sop.chain(anev, t21e, t21f, t21g, into21h, t21h, t21i, t21j, g21j)
    sop.flow(g21j, t21k, 'keputusan == "setuju"', "setuju")
    sop.flow(g21j, into21h, None, "perbaiki", id_=f"{p}_s21j_keputusan__perbaiki")
    sop.chain(t21k, t21l, t21m)
    return anev, t21m


def routine() -> Sop:
    r = seed_rows()
    sop = Sop("sop07", "SOP-07 Bhabinkamtibmas: pembinaan rutin", LANES,
              HEADER + " Kejadian menonjol (baris 15-20) adalah proses sop07_kejadian yang dimulai Bhabinkamtibmas "
              "kapan saja.", SUPERVISOR)
    sop.title_template = "Pembinaan Bhabinkamtibmas — Sprin {nomor_sprin} {periode}"
    sop.rows = list(r.values())
    start = sop.start("sop07_mulai", KASAT, "Jukrah / STR diterima", sop.doc([r["1"]], REBUILT))
    t1 = sop.task("sop07_s01_disposisi", KASAT, "Disposisi pembinaan Bhabinkamtibmas", sop.doc([r["1"]], REBUILT),
                  _form("disposisi", "Disposisi Kasat Binmas", "Disposition", *fk.for_kind("disposisi", "", "")))
    into2 = sop.gateway("sop07_s02_masuk", KANIT_BB, "")
    t2 = sop.task("sop07_s02_konsep_sprin", KANIT_BB, "Menyiapkan konsep Sprin", sop.doc([r["2"]], REBUILT),
                  _form("konsep_sprin", "Konsep Surat perintah Bhabinkamtibmas", "Draft assignment order",
                        *fk.for_kind("surat", "Sprin Bhabinkamtibmas", "")))
    t3 = sop.task("sop07_s03_administrasi_sprin", KASIUM, "Penomoran dan register Sprin", sop.doc([r["3"]], REBUILT),
                  _form("administrasi_sprin", "Penomoran dan register Sprin", "Numbering the order", {
                      "nomor_sprin": fk.text("Nomor Sprin", "Order number", 100),
                      "nomor_register": fk.text("Nomor register", "Register number", 100)},
                      ["nomor_sprin", "nomor_register"]))
    t4 = sop.task("sop07_s04_tandatangan_sprin", KASAT, "Koreksi dan tanda tangan Sprin", sop.doc([r["4"]], REBUILT),
                  _form("tandatangan_sprin", "Koreksi dan tanda tangan Sprin", "Check and sign the order",
                        *fk.for_kind("tandatangan_review", "", "")))
    # the Kasat signs what he can see: the draft and its numbering, not every earlier step
    sop.ui_extra["sop07/tandatangan_sprin.schema.json"] = {"ui:context": [t2, t3]}
    g4 = sop.gateway("sop07_s04_keputusan", KASAT, "Sprin disetujui?", default="sop07_s04_keputusan__perbaiki")
    t5 = sop.task("sop07_s05_perintah_kapolsek", KAPOLSEK, "Menerima Sprin dan memerintahkan distribusi",
                  sop.doc([r["5"], r["6"]], REBUILT, "baris 6 kosong pada naskah sumber"),
                  _form("perintah_kapolsek", "Perintah Kapolsek", "Chief's order", *fk.for_kind("perintah", "", "")))
    t7 = sop.task("sop07_s07_distribusi_sprin", KANIT_PS, "Mendistribusikan Sprin dan Jukrah",
                  sop.doc([r["7"]], "distribusi di tingkat Polsek dikerjakan Kanit Binmas Polsek"),
                  _form("distribusi_sprin", "Distribusi Sprin dan Jukrah", "Distributing the order",
                        *fk.for_kind("distribusi", "", "")))
    t8 = sop.task("sop07_s08_terima_sprin", BB, "Menerima Sprin dan memeriksa bekal pengetahuan",
                  sop.doc([r["8"], r["9"]]),
                  _form("terima_sprin", "Menerima Sprin", "Receiving the order", {
                      "tanggal_terima": fk.date("Tanggal Sprin diterima", "Date received"),
                      "wilayah_binaan": fk.text("Desa / kelurahan binaan", "Assigned village", 300),
                      "sprin": fk.attachment("Sprin yang diterima", "The order received"),
                      "pengetahuan": fk.checklist([(f"p{i}", label) for i, label in enumerate((
                          "karakteristik wilayah penugasan", "budaya masyarakat setempat", "peraturan perundang-undangan",
                          "sosiologi masyarakat desa", "Polmas", "komunikasi sosial", "bimbingan dan penyuluhan",
                          "kepemimpinan dan HAM"), start=1)], "9 Pengetahuan yang dimiliki", "Knowledge")},
                      ["tanggal_terima", "wilayah_binaan"]))
    into10 = sop.gateway("sop07_s10_masuk", BB, "")
    t10 = sop.task("sop07_s10_rencana_kunjungan", BB, "Menyiapkan sarana dan rencana kunjungan mingguan / bulanan",
                   sop.doc([r["10"]], "satu rencana untuk satu periode (minggu atau bulan); setelah laporan periode "
                                      "itu sampai ke Polda, periode berikutnya dimulai di sini sampai Sprin berakhir"),
                   _form("rencana_kunjungan", "Rencana kegiatan kunjungan", "Visit plan", {
                       "periode": fk.choice("Periode rencana", "Plan period", [
                           ("mingguan", "Mingguan", "Weekly"), ("bulanan", "Bulanan", "Monthly")]),
                       "mulai": fk.date("Mulai", "From"), "sampai": fk.date("Sampai", "Until"),
                       "kunjungan": fk.table("Kunjungan yang direncanakan", "Planned visits", {
                           "tanggal": fk.date("Tanggal", "Date"),
                           "sasaran": fk.text("Sasaran / tempat (penduduk, tempat usaha, kantor, pos kamling …)",
                                              "Target / place", 300),
                           "kegiatan": fk.choice("Kegiatan", "Activity", [
                               ("binluh", "12 Pembinaan dan penyuluhan", "Guidance and outreach"),
                               ("swakarsa", "13 Pembinaan keamanan swakarsa", "Self-help security"),
                               ("polmas", "14 Pembinaan pemolisian masyarakat", "Community policing")])},
                           ["tanggal", "sasaran"], min_items=1),
                       "kelengkapan": fk.checklist([(f"k{i}", label) for i, label in enumerate((
                           "Ranmor R2", "Jas Hujan", "Spanduk himbauan", "brosur kamtibmas", "Blangko kunjungan kpd penduduk",
                           "Laporan Informasi", "Blangko Problem Solving", "Blangko catatan kunjungan",
                           "Blangko kunjungan tempat usaha/kantor", "Alat tulis", "Camera/HP"), start=1)],
                           "Kelengkapan sarana dan prasarana yang siap", "Equipment ready"),
                       "rencana": fk.attachment("Berkas rencana kunjungan", "Visit plan file")},
                       ["periode", "mulai", "sampai", "kunjungan"]))
    t11 = sop.task("sop07_s11_koordinasi_tiga_pilar", BB, "Koordinasi dengan tiga pilar (Camat / Lurah / Babinsa)",
                   sop.doc([r["11"]], REBUILT, "koordinasi dicatat Bhabinkamtibmas yang melakukannya: siapa yang "
                                               "ditemui, apa yang disepakati, suratnya; Camat / Lurah / Babinsa tidak "
                                               "perlu masuk ke sistem, lajurnya memberi mereka akses baca"),
                   _form("koordinasi_tiga_pilar", "Koordinasi tiga pilar", "Coordination with the three pillars", {
                       "tanggal": fk.date("Tanggal koordinasi", "Date"),
                       "ditemui": fk.table("Yang ditemui", "Met", {
                           "jabatan": fk.choice("Jabatan", "Post", [("camat", "Camat", "Sub-district head"),
                                                                    ("lurah", "Lurah / Kepala Desa", "Village head"),
                                                                    ("babinsa", "Babinsa", "Army village officer"),
                                                                    ("lain", "Lainnya", "Other")]),
                           "nama": fk.text("Nama", "Name", 200)}, ["jabatan", "nama"], min_items=1),
                       "kesepakatan": fk.text("Yang disepakati", "What was agreed", 3000),
                       "surat": fk.attachment("Surat / notulen koordinasi", "Letter / minutes")},
                       ["tanggal", "ditemui", "kesepakatan"]))
    into12 = sop.gateway("sop07_s12_masuk", BB, "")
    t12 = sop.task("sop07_s12_kunjungan", BB, "Kunjungan dan pembinaan sesuai rencana",
                   sop.doc([r[k] for k in ("12", "12.1", "12.2", "12.3", "12.4", "12.5", "12.6", "12.7", "13", "13.1",
                                           "13.2", "13.3", "13.4", "13.5", "13.6", "13.7", "13.8", "14", "14.1")],
                           REBUILT + " (nomor dan kalimat pembuka baris 12)",
                           "satu tugas untuk setiap kunjungan dalam rencana baris 10; butir-butir baris 12-14 adalah "
                           "daftar periksa; tugas berulang sampai semua kunjungan rencana dilaksanakan"),
                   _form("kunjungan", "Kunjungan dan pembinaan", "Visit and guidance", {
                       "tanggal": fk.date("Tanggal kunjungan", "Date"),
                       "sasaran": fk.text("Sasaran / tempat yang dikunjungi", "Place visited", 300),
                       "binluh": _items(r, [f"12.{i}" for i in range(1, 8)], "12 Pembinaan dan penyuluhan (Binluh)",
                                        "Guidance and outreach"),
                       "swakarsa": _items(r, [f"13.{i}" for i in range(1, 9)], "13 Pembinaan Keamanan Swakarsa",
                                          "Self-help security"),
                       "polmas": _items(r, ["14.1"], "14 Pembinaan Pemolisian Masyarakat", "Community policing"),
                       "jumlah_warga": fk.count("Jumlah warga yang ditemui", "People met"),
                       "hasil": fk.text("Hasil kunjungan, keluhan dan informasi", "Outcome, complaints, information", 4000),
                       "blangko_kunjungan": fk.attachment("Blangko kunjungan yang diisi", "Visit form filled in"),
                       "foto": fk.attachments("Foto kunjungan", "Photos"),
                       "rencana_selesai": fk.yes_no("Semua kunjungan rencana periode ini sudah dilaksanakan?",
                                                    "Every visit of this period's plan done?")},
                       ["tanggal", "sasaran", "hasil", "rencana_selesai"]))
    g12 = sop.gateway("sop07_s12_rencana_selesai", BB, "Rencana periode selesai?",
                      default="sop07_s12_rencana_selesai__kunjungan_berikutnya")
    first21, last21 = _reporting(sop, r, "sop07", "kegiatan rutin periode itu")
    g_period = sop.gateway("sop07_periode_berikutnya", KASAT, "Sprin berakhir?",
                           default="sop07_periode_berikutnya__lanjut")
    # the Kasat's forwarding form carries the question whether the assignment goes on
    sop.forms["sop07/ke_polda.schema.json"]["properties"]["sprin_berakhir"] = fk.yes_no(
        "Masa Sprin Bhabinkamtibmas berakhir (tidak ada periode berikutnya)?", "Assignment order ended?")
    sop.forms["sop07/ke_polda.schema.json"]["required"].append("sprin_berakhir")
    end = sop.end("sop07_selesai", KASAT, "Sprin selesai")
    sop.chain(start, t1, into2, t2, t3, t4, g4)
    sop.flow(g4, t5, 'keputusan == "setuju"', "setuju")
    sop.flow(g4, into2, None, "perbaiki", id_="sop07_s04_keputusan__perbaiki")
    sop.chain(t5, t7, t8, into10, t10, t11, into12, t12, g12)
    sop.flow(g12, first21, "rencana_selesai == True", "selesai")
    sop.flow(g12, into12, None, "kunjungan berikutnya", id_="sop07_s12_rencana_selesai__kunjungan_berikutnya")
    sop.flow(last21, g_period)
    sop.flow(g_period, end, "sprin_berakhir == True", "berakhir")
    sop.flow(g_period, into10, None, "periode berikutnya", id_="sop07_periode_berikutnya__lanjut")
    return sop


def incident() -> Sop:
    r = seed_rows()
    sop = Sop("sop07_kejadian", "SOP-07 Bhabinkamtibmas: penanganan kejadian menonjol", LANES,
              HEADER + " Satu instans adalah satu kejadian (bencana alam, konflik sosial atau kasus pidana), dimulai "
              "Bhabinkamtibmas saat kejadian terjadi; beberapa kejadian dapat berjalan bersamaan.", SUPERVISOR,
              sop_key="sop07")
    sop.title_template = "{lokasi}, {tanggal_kejadian}: {uraian}"
    # a criminal case's people and evidence: only its Kasat and Kapolsek (and the unit's auditors) see them
    leaders = ["kasat_binmas", "kapolsek"]
    sop.sensitive = {
        "sop07_kejadian/pidana_laporan_tkp.schema.json": {"pelapor": leaders},
        "sop07_kejadian/pidana_tptkp.schema.json": {f: leaders for f in ("korban", "tersangka", "barang_bukti", "foto_tkp")},
    }
    p = "sop07_kejadian"
    start = sop.start(f"{p}_mulai", BB, "Kejadian menonjol terjadi", sop.doc([r["15"]], REBUILT))
    t15 = sop.task(f"{p}_s15_catat", BB, "Mencatat kejadian menonjol", sop.doc([r["15"]], REBUILT),
                   _form("catat_kejadian", "Kejadian menonjol", "Prominent incident", {
                       "jenis_kejadian": fk.choice("Jenis kejadian", "Kind of incident", [
                           ("bencana_alam", "A. Bencana alam", "Natural disaster"),
                           ("konflik_sosial", "B. Konflik sosial: potensi konflik (pra konflik)",
                            "Social conflict: before it breaks out"),
                           ("konflik_pecah", "B. Konflik sosial: konflik sudah pecah", "Social conflict: broken out"),
                           ("pidana", "Kasus pidana", "Criminal case")]),
                       "tanggal_kejadian": fk.date("Tanggal kejadian", "Date"),
                       "jam_kejadian": fk.text("Jam kejadian (mis. 14.30)", "Time", 20),
                       "lokasi": fk.text("Lokasi (desa / kelurahan, alamat)", "Place", 300),
                       "uraian": fk.text("Uraian singkat", "Short description", 3000),
                       "sumber": fk.text("Sumber informasi / pelapor", "Source / reporter", 300)},
                       ["jenis_kejadian", "lokasi", "uraian"]))
    kind = sop.gateway(f"{p}_jenis", BB, "Jenis kejadian?", default=f"{p}_jenis__pidana")

    # A. natural disaster
    t16a = sop.task(f"{p}_s16a_peringatan_evakuasi", BB, "Bencana: peringatan dini dan evakuasi",
                    sop.doc([r["16"], r["16.1"], r["16.2"]]),
                    _form("bencana_evakuasi", "Bencana alam: peringatan dini dan evakuasi", "Early warning and evacuation", {
                        "peringatan": fk.checklist([
                            ("peringatan_dini", "peringatan dini"), ("jalur_evakuasi", "route/jalur evakuasi"),
                            ("tempat_pengungsian", "tempat pengungsian (bila harus mengungsi)"),
                            ("prosedur_keselamatan", "prosedur keselamatan/keamanan jiwa dan harta benda")],
                            "16.1 Yang disampaikan bersama aparat lainnya", "Given with the other officials"),
                        "aparat_bersama": fk.text("Aparat lain yang bersama", "Other officials involved", 500),
                        "jalur": fk.text("Route / jalur evakuasi", "Evacuation route", 1000),
                        "tempat_pengungsian": fk.table("Tempat pengungsian", "Shelters", {
                            "nama": fk.text("Tempat", "Place", 200), "alamat": fk.text("Alamat", "Address", 300)},
                            ["nama"]),
                        "evakuasi": fk.table("16.2 Korban yang dievakuasi", "People evacuated", {
                            "tujuan": fk.choice("Ke", "To", [("pengungsian", "Tempat pengungsian", "Shelter"),
                                                             ("rumah_sakit", "Rumah sakit", "Hospital")]),
                            "tempat": fk.text("Nama tempat / rumah sakit", "Place / hospital", 200),
                            "jumlah": fk.count("Jumlah orang", "People", 100000)}, ["tujuan", "jumlah"]),
                        "foto": fk.attachments("Foto", "Photos")},
                        ["peringatan", "jalur"]))
    t16b = sop.task(f"{p}_s16b_pengamanan_pendataan_bantuan", BB,
                    "Bencana: kelompok pengamanan, pendataan pengungsi dan bantuan",
                    sop.doc([r["16.3"], r["16.4"], r["16.5"]]),
                    _form("bencana_pendataan", "Bencana alam: pengamanan, pendataan dan bantuan",
                          "Security groups, registering the displaced, aid", {
                        "kelompok_warga": fk.table("16.3 Kelompok warga untuk pengamanan lingkungan",
                                                   "Citizen security groups", {
                            "nama": fk.text("Kelompok / wilayah", "Group / area", 200),
                            "ketua": fk.text("Ketua", "Leader", 200),
                            "jumlah_anggota": fk.count("Jumlah anggota", "Members")}, ["nama"]),
                        "pendataan": fk.table("16.4 Data warga per tempat pengungsian / evakuasi",
                                              "People per shelter / evacuation place", {
                            "tempat": fk.text("Tempat pengungsian / evakuasi", "Shelter", 200),
                            "mengungsi": fk.count("Mengungsi", "Displaced", 100000),
                            "sakit": fk.count("Sakit", "Sick", 100000),
                            "luka": fk.count("Luka-luka", "Injured", 100000),
                            "rentan": fk.count("Kebutuhan khusus / kelompok rentan", "Special needs / vulnerable", 100000)},
                            ["tempat", "mengungsi", "sakit", "luka", "rentan"], min_items=1),
                        "daftar_pengungsi": fk.attachment("Daftar nama warga yang didata", "List of names"),
                        "bantuan": fk.table("16.5 Bantuan yang disalurkan kepada korban", "Aid delivered", {
                            "jenis": fk.text("Jenis bantuan", "Kind", 200),
                            "jumlah": fk.text("Jumlah", "Amount", 100),
                            "sumber": fk.text("Dari", "From", 200),
                            "penerima": fk.text("Diterima oleh / di", "Received by / at", 200)}, ["jenis", "jumlah"]),
                        "bukti_bantuan": fk.attachment("Berita acara / tanda terima bantuan", "Aid receipt"),
                        "foto": fk.attachments("Foto", "Photos")},
                        ["pendataan"]))

    # B. social conflict: before, during, after
    t17 = sop.task(f"{p}_s17_pra_konflik", BB, "Pra konflik: memelihara damai, meredam, peringatan dini",
                   sop.doc([r[k] for k in ("17", "17.1", "17.2", "17.3", "17.4")]),
                   _form("pra_konflik", "Pra konflik sosial", "Before the conflict", {
                       "memelihara_damai": _letter_list(r["17.1"], "17.1 Memelihara kondisi damai", "Keeping the peace"),
                       "musyawarah": fk.text("17.2 Perselisihan yang diselesaikan melalui musyawarah", "Disputes settled",
                                             3000),
                       "meredam": _letter_list(r["17.3"], "17.3 Meredam potensi konflik", "Defusing"),
                       "forum_tokoh": fk.text("17.3 a) Forum diskusi: tokoh yang dilibatkan (toga, tomas, todat, toda)",
                                              "Discussion forum: leaders involved", 2000),
                       "laporan_pelanggaran": fk.text("17.3 c) Pelanggaran yang dilaporkan kepada pimpinan (kepada siapa, "
                                                      "kapan)", "Offences reported to the leadership", 3000),
                       "peringatan_dini": _letter_list(r["17.4"], "17.4 Sistem peringatan dini konflik", "Early warning"),
                       "organisasi_mencurigakan": fk.table(
                           "17.4 a) Organisasi / LSM mencurigakan yang dicatat dan dilaporkan", "Suspicious organisations", {
                               "nama": fk.text("Nama organisasi / LSM", "Name", 200),
                               "alasan": fk.text("Mengapa mencurigakan", "Why", 1000)}, ["nama", "alasan"]),
                       "laporan_pimpinan": fk.attachment("Laporan kepada pimpinan", "Report to the leadership"),
                       "jumlah_sambang": fk.count("17.4 c) Sambang kampung / desa dilakukan (kali)", "Village visits"),
                       "konflik_pecah": fk.yes_no("Konflik tetap pecah?", "Did the conflict break out?")},
                       ["musyawarah", "konflik_pecah"]))
    pecah = sop.gateway(f"{p}_konflik_pecah", BB, "Konflik pecah?", default=f"{p}_konflik_pecah__reda")
    into18 = sop.gateway(f"{p}_s18_masuk", BB, "")
    t18 = sop.task(f"{p}_s18_saat_konflik", BB, "Saat konflik: menghentikan melalui mediasi",
                   sop.doc([r["18"], r["18.1"]], "mediasi diulang sampai konflik berhenti"),
                   _form("saat_konflik", "Mediasi saat konflik", "Mediation during the conflict", {
                       "tanggal": fk.date("Tanggal mediasi", "Date"),
                       "para_pihak": fk.table("Para pihak", "Parties", {
                           "pihak": fk.text("Pihak", "Party", 200),
                           "wakil": fk.text("Diwakili oleh", "Represented by", 200)}, ["pihak"], min_items=2),
                       "penengah": fk.text("Tokoh / aparat yang ikut menengahi", "Mediators", 1000),
                       "hasil_mediasi": fk.text("Hasil mediasi", "Outcome", 3000),
                       "korban": fk.count("Korban (orang)", "Casualties"),
                       "berita_acara": fk.attachment("Berita acara / daftar hadir mediasi", "Minutes / attendance"),
                       "foto": fk.attachments("Foto", "Photos"),
                       "konflik_berhenti": fk.yes_no("Konflik sudah berhenti?", "Has the conflict stopped?")},
                       ["para_pihak", "hasil_mediasi", "konflik_berhenti"]))
    berhenti = sop.gateway(f"{p}_konflik_berhenti", BB, "Konflik berhenti?", default=f"{p}_konflik_berhenti__belum")
    t19 = sop.task(f"{p}_s19_pasca_konflik", BB, "Pasca konflik: rekonsiliasi dan rehabilitasi",
                   sop.doc([r["19.1"], r["19.2"]]),
                   _form("pasca_konflik", "Rekonsiliasi dan rehabilitasi", "Reconciliation and rehabilitation", {
                       "kesepakatan_damai": fk.text("19.1 a) Butir-butir kesepakatan perdamaian", "Peace agreement", 4000),
                       "tokoh": fk.text("19.1 a) Tokoh berpengaruh yang dilibatkan", "Leaders involved", 1000),
                       "berita_acara": fk.attachment("Berita acara perdamaian", "Signed agreement"),
                       "restitusi": fk.table("19.1 b) Restitusi yang difasilitasi", "Restitution facilitated", {
                           "penerima": fk.text("Penerima", "Recipient", 200),
                           "pemberi": fk.choice("Diberikan oleh", "Given by", [
                               ("pemerintah", "Pemerintah", "Government"), ("pemda", "Pemda", "Local government"),
                               ("pihak_lain", "Pihak lain", "Other")]),
                           "bentuk": fk.text("Bentuk / nilai", "Form / value", 300)}, ["penerima", "pemberi", "bentuk"]),
                       "rehabilitasi": _letter_list(r["19.2"], "19.2 Kegiatan rehabilitasi", "Rehabilitation"),
                       "uraian_rehabilitasi": fk.text("Uraian kegiatan rehabilitasi (sambang, bakti sosial, kegiatan "
                                                      "simpatik, aset korban)", "Rehabilitation done", 4000),
                       "foto": fk.attachments("Foto", "Photos")},
                       ["kesepakatan_damai", "uraian_rehabilitasi"]))

    # C. criminal case
    t20a = sop.task(f"{p}_s20a_laporan_tkp", BB, "Pidana: menerima laporan, mendatangi TKP, melapor ke pimpinan",
                    sop.doc([r["20"], r["20.1"], r["20.2"], r["20.3"]]),
                    _form("pidana_laporan_tkp", "Kasus pidana: laporan dan TKP", "Criminal case: report and scene", {
                        "nomor_laporan": fk.text("20.1 Nomor laporan / pengaduan", "Report number", 100),
                        "pelapor": fk.text("Pelapor / pengadu", "Reported by", 300),
                        "isi_laporan": fk.text("Isi laporan / pengaduan", "What was reported", 3000),
                        "alamat_tkp": fk.text("20.2 TKP yang didatangi dan diamankan", "Crime scene secured", 300),
                        "jam_tiba": fk.text("Jam tiba di TKP", "Arrived at", 20),
                        "lapor_kepada": fk.text("20.3 Dilaporkan kepada pimpinan (nama / jabatan)", "Reported to", 200),
                        "lapor_melalui": fk.choice("Melalui alat komunikasi", "By", [
                            ("telepon", "Telepon / HP", "Phone"), ("ht", "HT / radio", "Radio"),
                            ("pesan", "Pesan singkat / aplikasi", "Message"), ("langsung", "Langsung", "In person")])},
                        ["nomor_laporan", "pelapor", "isi_laporan", "alamat_tkp", "lapor_kepada"]))
    t20b = sop.task(f"{p}_s20b_tptkp", BB, "Pidana: TPTKP, serah TKP, membantu penyidikan",
                    sop.doc([r["20.4"], r["20.5"], r["20.6"]]),
                    _form("pidana_tptkp", "Kasus pidana: TPTKP dan penyerahan TKP", "First action at the scene", {
                        "tptkp": _letter_list(r["20.4"], "20.4 TPTKP yang dilakukan", "First action"),
                        "korban": fk.table("20.4 b) Korban yang ditolong", "Victims helped", {
                            "nama": fk.text("Nama", "Name", 200), "kondisi": fk.text("Kondisi", "Condition", 300),
                            "dibawa_ke": fk.text("Dibawa ke", "Taken to", 200)}, ["nama"]),
                        "tersangka": fk.table("20.4 d) Tersangka yang diamankan", "Suspects secured", {
                            "nama": fk.text("Nama / ciri", "Name / description", 200),
                            "keterangan": fk.text("Keterangan", "Notes", 500)}, ["nama"]),
                        "barang_bukti": fk.table("20.4 d) Barang bukti yang diamankan", "Evidence secured", {
                            "barang": fk.text("Barang", "Item", 200), "jumlah": fk.text("Jumlah", "Quantity", 100)},
                            ["barang"]),
                        "foto_tkp": fk.attachments("Foto TKP dan police line", "Scene photos"),
                        "petugas_olah_tkp": fk.text("20.5 TKP diserahkan kepada (nama, pangkat, kesatuan)",
                                                    "Handed over to", 300),
                        "berita_acara_serah": fk.attachment("Berita acara serah terima TKP", "Hand-over record"),
                        "bantuan_penyidikan": fk.text("20.6 Bantuan kelancaran penyidikan (saksi / tersangka dikerahkan)",
                                                      "Help to the investigation", 3000)},
                        ["tptkp", "petugas_olah_tkp"]))

    done = sop.gateway(f"{p}_tertangani", BB, "")
    first21, last21 = _reporting(sop, r, p, "penanganan kejadian")
    end = sop.end(f"{p}_selesai", KASAT, "Laporan kejadian sampai ke Polda")
    sop.chain(start, t15, kind)
    sop.flow(kind, t16a, 'jenis_kejadian == "bencana_alam"', "bencana alam")
    sop.flow(kind, t17, 'jenis_kejadian == "konflik_sosial"', "potensi konflik")
    sop.flow(kind, into18, 'jenis_kejadian == "konflik_pecah"', "konflik sudah pecah")
    sop.flow(kind, t20a, None, "kasus pidana", id_=f"{p}_jenis__pidana")
    sop.chain(t16a, t16b, done)
    sop.flow(t17, pecah)
    sop.flow(pecah, into18, "konflik_pecah == True", "pecah")
    sop.flow(pecah, done, None, "reda", id_=f"{p}_konflik_pecah__reda")
    sop.chain(into18, t18, berhenti)
    sop.flow(berhenti, t19, "konflik_berhenti == True", "berhenti")
    sop.flow(berhenti, into18, None, "belum berhenti", id_=f"{p}_konflik_berhenti__belum")
    sop.chain(t19, done)
    sop.chain(t20a, t20b, done)
    sop.chain(done, first21)
    sop.flow(last21, end)
    return sop
