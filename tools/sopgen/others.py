"""SOP-06 (incoming letters), SOP-07 (Bhabinkamtibmas, with incident handling) and FKPM.

Their tables differ from the three-stage SOPs, so each is written out here row by row. Rows missing
from the extracted text are reconstructed and marked ``reconstructed`` (rows file) and ASUMSI (diagram).
"""

from __future__ import annotations

from . import forms as fk
from .builder import Sop
from .seed import Row


def _doc(sop: Sop, rows: list[Row], *notes: str) -> str:
    lines = [f"[{sop.key} {r.key}] {r.text}" for r in rows]
    lines += [f"({r.key}) " + "; ".join(f"{k}: {v}" for k, v in (("Kelengkapan", r.kelengkapan), ("Waktu", r.waktu),
                                                                 ("Output", r.output)) if v)
              for r in rows if r.kelengkapan or r.waktu or r.output]
    lines += [f"ASUMSI: {n}" for n in notes if n]
    return "\n".join(lines)


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
# SOP-07 Bhabinkamtibmas
# ---------------------------------------------------------------------------------------------------

def _r07() -> dict[str, Row]:
    rows = [
        Row("1", "Kasat Binmas menerima Jukrah / STR dari satuan atas tentang pembinaan Bhabinkamtibmas dan memberikan "
                 "disposisi kepada Kanit Bhabinkamtibmas", reconstructed=True),
        Row("2", "Kanit Bhabinkamtibmas menyiapkan data penugasan dan konsep Surat perintah Bhabinkamtibmas untuk wilayah "
                 "binaan", reconstructed=True),
        Row("3", "Kasium memproses administrasi (penomoran dan register) Surat perintah Bhabinkamtibmas", reconstructed=True),
        Row("4", "Kasat Binmas menerima, membaca, mengoreksi dan menandatangani Surat perintah Bhabinkamtibmas",
            reconstructed=True),
        Row("5", "Kapolsek menerima Surat perintah Bhabinkamtibmas dan memerintahkan Kanit Binmas Polsek untuk "
                 "mendistribusikannya", reconstructed=True),
        Row("6", "(baris kosong pada naskah sumber)", reconstructed=True),
        Row("7", "Mendistribusikan Surat perintah Bhabinkamtibmas diwilayah binaan masing-masing Bhabinkamtibmas serta "
                 "Jukrah dari satuan atas", "Alat tulis Amplop surat"),
        Row("8", "Menerima Surat perintah kegiatan Pembinaan Bhabinkamtibmas diwilayah binaan masing-masing "
                 "Bhabinkamtibmas"),
        Row("9", "Bhabinkamtibmas harus memiliki pengetahuan yang meliputi karakteristik wilayah penugasan, budaya "
                 "masyarakat setempat, peraturan perundang-undangan, sosiologi masyarakat desa, Polmas, komunikasi "
                 "sosial, bimbingan dan penyuluhan, kepemimpinan dan HAM"),
        Row("10", "Bhabinkamtibmas Mempersiapkan kelengkapan Sarana dan Prasarana Bhabinkamtibmas dilapangan serta membuat "
                  "rencana kegiatan kunjungan mingguan/bulanan",
            "1. Ranmor R2 2. Jas Hujan 3. Spanduk himbauan 4. brosur kamtibmas 5. Blangko kunjungan kpd penduduk"),
        Row("11", "Bhabinkamtibmas berkoordinasi dengan tiga pilar (Camat / Lurah / Babinsa) di wilayah binaan sebelum "
                  "melaksanakan kunjungan dan pembinaan", reconstructed=True),
        Row("12", "Pembinaan dan penyuluhan kepada masyarakat (Binluh) di desa / kelurahan binaan, meliputi butir 1) "
                  "sampai 7)", reconstructed=True),
        Row("12.1", "Membimbing dan memberikan penyuluhan kpd masyarakat guna meningkatkan partisipasi masyarakat, "
                    "kesadaran hukum masyarakat dan ketaatan warga masyarakat terhadap hukum dan peraturan "
                    "perundan-undangan"),
        Row("12.2", "Membina remaja (pemuda/pemudi), anak-anak dan pelajar/mahasiswa agar terhindar dari pengaruh buruk"),
        Row("12.3", "Membina dan memberikan penyuluhan tentang bahaya narkoba dan kenakalan remaja"),
        Row("12.4", "Membimbing dan memberikan penyuluhan kepada masyarakat didesa agar tidak terpengaruh oleh "
                    "orang/kelompok tidak dikenal yang menawarkan kesempatan kerja didalam/luar negeri"),
        Row("12.5", "Membina dan melatih para petugas keamanan didesa/kelurahan binaannya"),
        Row("12.6", "Menghadiri setiap kegiatan/keramaian yang ada didesa/kelurahan binaannya"),
        Row("12.7", "Menyampaikan pesan-pesan kamtibmas kepada masyarakat melalui peran aktif segenap potensi yang ada"),
        Row("13", "Pembinaan Keamanan Swakarsa dengan kegiatan sebagai berikut : 1) tatap muka, kunjungan / sambang, "
                  "penyuluhan langsung, latihan sistem keamanan lingkungan; 2) Melatih Satkamling; 3) Membimbing "
                  "keikutsertaan masyarakat dalam keamanan swakarsa; 4) Penyuluhan dan penyegaran petugas keamanan "
                  "lingkungan; 5) Membangun dan memberdayakan Siskamling; 6) Himbauan mengamankan rumah lingkungan; 7) "
                  "Mengunjungi bentuk pengamanan swakarsa, menerima keluhan dan membantu penyelesaian masalah; 8) "
                  "Menjalin komunikasi dan kerjasama dengan Satpam maupun pengguna Satpam"),
        Row("14", "Pembinaan Pemolisian Masyarakat dengan kegiatan sebagai berikut : 1) Mendorong terbentuknya "
                  "forum-forum kemitraan lingkup desa/kelurahannya masing-masing"),
        Row("15", "(MENONJOL) Penanganan kejadian menonjol di wilayah binaan: mengenali jenis kejadian (tidak ada "
                  "kejadian, bencana alam, konflik sosial, kasus pidana)", reconstructed=True),
        Row("16", "A. Bencana Alam : 1) memberikan peringatan dini, jalur evakuasi, tempat pengungsian dan prosedur "
                  "keselamatan; 2) Membantu evakuasi korban; 3) - 4) membantu penanganan pengungsi dan keamanan; 5) "
                  "Membantu menyalurkan bantuan kepada para korban"),
        Row("17", "B. Konflik sosial — Pra Konflik Sosial : 1) Memelihara kondisi damai dalam masyarakat; 2) "
                  "Mengembangkan sistem penyelesaian perselisihan secara damai melalui musyawarah; 3) Meredam potensi "
                  "konflik; 4) Membangun sistem peringatan dini konflik"),
        Row("18", "SAAT KONFLIK : 1) Menghentikan konflik melalui mediasi para pihak"),
        Row("19", "PASCA KONFLIK : 1) Melakukan kegiatan rekonsiliasi (mediasi perundingan damai secara permanen); 2) "
                  "Melakukan kegiatan rehabilitasi (pemulihan situasi kamtibmas, bakti sosial, kegiatan simpatik, "
                  "pemulihan aset korban konflik)"),
        Row("20", "KASUS PIDANA : 1) menerima dan mencatat laporan / pengaduan; 2) Mendatangi dan mengamankan TKP; 3) "
                  "Melaporkan kejadian kepada pimpinan; 4) Melakukan TPTKP (status quo, menolong korban, police line, "
                  "mengamankan tersangka dan barang bukti); 5) Menyerahkan TKP kepada petugas olah TKP; 6) Membantu "
                  "kelancaran proses penyidikan"),
        Row("21", "Tahap Akhir Tahap akhir dalam pelaksanaan kegiatan bhabinkamtibmas antara lain:"),
        Row("21.a", "Analisa dan evaluasi kegiatan Bhabinkamtibmas dilaksanakan melalui tahapan: 1) Pemantauan; 2) "
                    "Pencatatan; 3) Penilaian; dan 4) Pelaporan berdasarkan hasil."),
        Row("21.b", "Pemantauan dimulai sejak awal kegiatan, selama proses kegiatan berlangsung, dan setelah kegiatan "
                    "dengan tujuan sasaran tercapai."),
        Row("21.c", "Pencacatan yang merupakan umpan balik untuk mengetahui informasi kemajuan kegiatan."),
        Row("21.d", "Penilaian merupakan kegiatan yang dilakukan dari awal sampai dengan akhir untuk mengetahui pencapaian "
                    "target yang telah ditetapkan."),
        Row("21.e", "Membuat Pelaporan lengkap yang didasarkan pada hasil pemantauan, pencatatan, dan penilaian diajukan "
                    "kepada pimpinan sesaat setelah kegiatan selesai dilaksanakan yang dilengkapi antara lain : 1) foto "
                    "dokumentasi kegiatan 2) Blangko kunjungan ke tempat usaha/kantor 3) Blangko kunjungan kepada "
                    "penduduk 4) Laporan hasil pemecahan masalah 5) Data-data intel dasar diwilayah binaan"),
        Row("21.f", "Memerintahkan Bhabinkamtibmas untuk membuat laporan hasil pelaksanaan kegiatan bhabinkamtibmas"),
        Row("21.g", "Membuat laporan hasil pelaksanaan kegiatan bhabinkamtibmas dan dilaporkan secara berjenjang"),
        Row("21.h", "Merekap kegiatan yang telah dilaksanakan oleh Bhabinkamtibmas"),
        Row("21.i", "menerima, dan mengajukan laporan hasil pelaksanaan kegiatan beserta dukungan anggaran kegiatan "
                    "kepada Kapolsek"),
        Row("21.j", "menerima, membaca dan mengoreksi serta menanda tangani laporan hasil kegiatan bhabinkamtibmas"),
        Row("21.k", "Menerima, membaca dan melaporkan hasil kegiatan Bhabinkamtibmas serta mengarsipkan laporan hasil "
                    "kegiatan bhabinkamtibmas guna diteruskan Ke Satuan Binmas"),
        Row("21.l", "Kanit Bhabinkamtibmas Sat Binmas menerima Laporan hasil kegiatan beserta dokumentasi kegiatan "
                    "Bhabinkamtibmas setiap bulannya guna dilakukan perekapan kegiatan dan diteruskan ke Ditbinmas "
                    "Polda Kepri"),
        Row("21.m", "Kasat binmas meneruskan laporan rekapan harian kegiatan Bhabinkamtibmas ke Ditbinmas Polda Kepri"),
    ]
    return {r.key: r for r in rows}


def sop07() -> Sop:
    KASAT, KANIT_BB, KAPOLSEK, KANIT_PS, KASIUM, BB, MITRA = (
        "KASAT BINMAS", "KANIT BHABINKAMTIBMAS", "KAPOLSEK", "KANIT BINMAS POLSEK", "KASIUM", "BHABINKAMTIBMAS",
        "CAMAT/LURAH/BABINSA")
    sop = Sop("sop07", "SOP-07 Bhabinkamtibmas", [KASAT, KANIT_BB, KAPOLSEK, KANIT_PS, KASIUM, BB, MITRA],
              "Nomor: SOP-07/I/HUK.7.1/2023/BINMAS, Sat Binmas Polresta Tanjungpinang. Baris 1-6, 11-12 dan 15 tidak "
              "terbaca pada naskah sumber dan disusun ulang (lihat ASUMSI pada elemennya). Kolom WKT tidak berisi angka, "
              "maka tidak ada waktu standar.",
              {KASAT: KANIT_BB, KANIT_BB: KASAT, KAPOLSEK: KASAT, KANIT_PS: KAPOLSEK, KASIUM: KAPOLSEK, BB: KANIT_PS,
               MITRA: BB})
    r = _r07()
    sop.rows = list(r.values())
    REC = "baris ini tidak terbaca pada naskah sumber dan disusun ulang dari baris sekitarnya dan SOP lain"

    def doc(keys: list[str], *notes: str) -> str:
        rec = REC if any(r[k].reconstructed for k in keys) else ""
        return _doc(sop, [r[k] for k in keys], rec, *notes)

    def check(keys: list[str]) -> dict:
        return fk.checklist([(k.replace(".", "_"), f"{k} {r[k].text}") for k in keys], "Yang dilaksanakan", "Carried out")

    start = sop.start("sop07_mulai", KASAT, "Mulai")
    t1 = sop.task("sop07_s01_disposisi", KASAT, "Disposisi pembinaan Bhabinkamtibmas", doc(["1"]),
                  _form("disposisi", "Disposisi Kasat Binmas", "Disposition", "disposisi"))
    t2 = sop.task("sop07_s02_konsep_sprin", KANIT_BB, "Menyiapkan konsep Sprin", doc(["2"]),
                  _form("konsep_sprin", "Konsep Surat perintah Bhabinkamtibmas", "Draft assignment order", "surat", "Sprin"))
    t3 = sop.task("sop07_s03_administrasi_sprin", KASIUM, "Administrasi Sprin", doc(["3"]),
                  _form("administrasi_sprin", "Penomoran dan register Sprin", "Numbering the order", "kirim"))
    t4 = sop.task("sop07_s04_tandatangan_sprin", KASAT, "Koreksi dan tanda tangan Sprin", doc(["4"]),
                  _form("tandatangan_sprin", "Koreksi dan tanda tangan Sprin", "Check and sign the order",
                        "tandatangan_review"))
    g4 = sop.gateway("sop07_s04_keputusan", KASAT, "Disetujui?", default="sop07_s04_keputusan__perbaiki")
    t5 = sop.task("sop07_s05_perintah_kapolsek", KAPOLSEK, "Menerima Sprin dan memerintahkan distribusi",
                  doc(["5", "6"], "baris 6 kosong pada naskah; dicakup langkah ini"),
                  _form("perintah_kapolsek", "Perintah Kapolsek", "Chief's order", "perintah"))
    t7 = sop.task("sop07_s07_distribusi_sprin", KANIT_PS, "Mendistribusikan Sprin dan Jukrah",
                  doc(["7"], "distribusi di tingkat Polsek dikerjakan Kanit Binmas Polsek"),
                  _form("distribusi_sprin", "Distribusi Sprin dan Jukrah", "Distributing the order", "distribusi"))
    t8 = sop.task("sop07_s08_terima_sprin", BB, "Menerima Sprin dan memeriksa bekal pengetahuan", doc(["8", "9"]),
                  _form("terima_sprin", "Menerima Sprin", "Receiving the order", props={
                      "tanggal_terima": fk.date("Tanggal diterima", "Date received"),
                      "wilayah_binaan": fk.text("Desa / kelurahan binaan", "Assigned village", 300),
                      "pengetahuan": fk.checklist([(k, k.replace("_", " ")) for k in (
                          "karakteristik_wilayah", "budaya_setempat", "peraturan_perundangan", "sosiologi_desa", "polmas",
                          "komunikasi_sosial", "bimbingan_penyuluhan", "kepemimpinan_ham")],
                          "Bekal pengetahuan (baris 9)", "Knowledge (row 9)")},
                        required=["tanggal_terima", "wilayah_binaan"]))
    t10 = sop.task("sop07_s10_rencana_kunjungan", BB, "Menyiapkan sarana dan rencana kunjungan", doc(["10"]),
                   _form("rencana_kunjungan", "Sarana dan rencana kunjungan", "Equipment and visit plan", props={
                       "sarana": fk.checklist([(k, t) for k, t in (("ranmor_r2", "Ranmor R2"), ("jas_hujan", "Jas hujan"),
                                                                   ("spanduk", "Spanduk himbauan"), ("brosur", "Brosur kamtibmas"),
                                                                   ("blangko", "Blangko kunjungan"))], "Sarana", "Equipment"),
                       "rencana": fk.text("Rencana kunjungan mingguan / bulanan", "Weekly / monthly visit plan", 4000)},
                       required=["rencana"]))
    t11 = sop.task("sop07_s11_koordinasi_tiga_pilar", MITRA, "Koordinasi tiga pilar",
                   doc(["11"], "koordinasi dengan Camat/Lurah/Babinsa dicatat di lajur mitra; dapat diisi petugas atas "
                               "nama mitra"),
                   _form("koordinasi", "Koordinasi tiga pilar", "Three-pillar coordination", props={
                       "tanggal": fk.date("Tanggal koordinasi", "Date"),
                       "pihak": fk.text("Pihak yang hadir (Camat / Lurah / Babinsa)", "Who took part", 500),
                       "hasil": fk.text("Hasil koordinasi", "Outcome", 3000)}, required=["tanggal", "hasil"]))
    t12 = sop.task("sop07_s12_binluh", BB, "Pembinaan dan penyuluhan masyarakat",
                   doc(["12"] + [f"12.{i}" for i in range(1, 8)]),
                   _form("binluh", "Pembinaan dan penyuluhan", "Guidance and outreach", props={
                       "kegiatan": check([f"12.{i}" for i in range(1, 8)]),
                       "jumlah_warga": fk.count("Jumlah warga yang dibina", "People reached"),
                       "foto": fk.attachments("Foto kegiatan", "Photos"),
                       "catatan": fk.text("Catatan", "Notes", 3000)}, required=["jumlah_warga"]))
    t13 = sop.task("sop07_s13_keamanan_swakarsa", BB, "Pembinaan keamanan swakarsa", doc(["13"]),
                   _form("keamanan_swakarsa", "Pembinaan keamanan swakarsa", "Self-help security guidance", props={
                       "poskamling_dikunjungi": fk.count("Poskamling / satpam yang dikunjungi", "Posts visited", 1000),
                       "keluhan": fk.text("Keluhan dan informasi yang diterima", "Complaints received", 3000),
                       "foto": fk.attachments("Foto kegiatan", "Photos")}, required=["poskamling_dikunjungi"]))
    t14 = sop.task("sop07_s14_polmas", BB, "Pembinaan pemolisian masyarakat", doc(["14"]),
                   _form("polmas", "Pembinaan Polmas", "Community policing", props={
                       "forum_kemitraan": fk.text("Forum kemitraan yang didorong / dibentuk", "Partnership forums", 2000),
                       "catatan": fk.text("Catatan", "Notes", 3000)}, required=["forum_kemitraan"]))
    t15 = sop.task("sop07_s15_kejadian_menonjol", BB, "Mengenali kejadian menonjol", doc(["15"]),
                   _form("kejadian_menonjol", "Kejadian menonjol", "Prominent incident", props={
                       "jenis_kejadian": {"type": "string", "title": "Jenis kejadian", "x-title-en": "Kind of incident",
                                          "oneOf": [{"const": "tidak_ada", "title": "Tidak ada kejadian", "x-title-en": "None"},
                                                    {"const": "bencana_alam", "title": "A. Bencana alam", "x-title-en": "Natural disaster"},
                                                    {"const": "konflik_sosial", "title": "B. Konflik sosial", "x-title-en": "Social conflict"},
                                                    {"const": "pidana", "title": "C. Kasus pidana", "x-title-en": "Criminal case"}]},
                       "uraian": fk.text("Uraian singkat", "Short description", 3000)}, required=["jenis_kejadian"]))
    kind = sop.gateway("sop07_jenis_kejadian", BB, "Jenis kejadian?", default="sop07_jenis_kejadian__tidak_ada")
    t16 = sop.task("sop07_s16_bencana_alam", BB, "Penanganan bencana alam", doc(["16"]),
                   _form("bencana_alam", "Penanganan bencana alam", "Natural disaster response", props={
                       "lokasi": fk.text("Lokasi bencana", "Location", 300),
                       "korban_dievakuasi": fk.count("Korban dievakuasi", "People evacuated", 100000),
                       "bantuan": fk.text("Bantuan yang disalurkan", "Aid delivered", 3000),
                       "foto": fk.attachments("Foto", "Photos")}, required=["lokasi"]))
    t17 = sop.task("sop07_s17_pra_konflik", BB, "Pra konflik: memelihara damai dan peringatan dini", doc(["17"]),
                   _form("pra_konflik", "Pra konflik", "Before the conflict", props={
                       "upaya": fk.text("Upaya pencegahan dan peringatan dini", "Prevention", 4000),
                       "konflik_pecah": {"type": "boolean", "title": "Konflik tetap pecah?", "x-title-en": "Did the conflict break out?"}},
                       required=["upaya", "konflik_pecah"]))
    pecah = sop.gateway("sop07_konflik_pecah", BB, "Konflik pecah?", default="sop07_konflik_pecah__tidak")
    t18 = sop.task("sop07_s18_saat_konflik", BB, "Saat konflik: menghentikan melalui mediasi", doc(["18"]),
                   _form("saat_konflik", "Mediasi saat konflik", "Mediation during the conflict", props={
                       "para_pihak": fk.text("Para pihak yang dimediasi", "Parties", 1000),
                       "hasil_mediasi": fk.text("Hasil mediasi", "Outcome", 3000)}, required=["hasil_mediasi"]))
    t19 = sop.task("sop07_s19_pasca_konflik", BB, "Pasca konflik: rekonsiliasi dan rehabilitasi", doc(["19"]),
                   _form("pasca_konflik", "Rekonsiliasi dan rehabilitasi", "Reconciliation and rehabilitation", props={
                       "kesepakatan_damai": fk.text("Butir kesepakatan damai", "Peace agreement", 4000),
                       "rehabilitasi": fk.text("Kegiatan rehabilitasi", "Rehabilitation", 4000),
                       "berita_acara": fk.attachment("Berita acara perdamaian", "Signed agreement")},
                       required=["kesepakatan_damai"]))
    t20 = sop.task("sop07_s20_kasus_pidana", BB, "Penanganan kasus pidana (TPTKP)", doc(["20"]),
                   _form("kasus_pidana", "Kasus pidana", "Criminal case", props={
                       "nomor_laporan": fk.text("Nomor laporan / pengaduan", "Report number", 100),
                       "langkah": fk.checklist([(k, t) for k, t in (
                           ("catat_laporan", "1) menerima dan mencatat laporan"), ("amankan_tkp", "2) mendatangi dan mengamankan TKP"),
                           ("lapor_pimpinan", "3) melaporkan kepada pimpinan"), ("tptkp", "4) TPTKP: status quo, tolong korban, police line"),
                           ("serahkan_tkp", "5) menyerahkan TKP kepada petugas olah TKP"), ("bantu_sidik", "6) membantu penyidikan"))],
                           "Langkah", "Steps"),
                       "foto_tkp": fk.attachments("Foto TKP", "Scene photos")}, required=["nomor_laporan"]))
    merge = sop.gateway("sop07_gabung", BB, "")
    anev = sop.task("sop07_s21a_anev", KANIT_PS, "Analisa dan evaluasi kegiatan",
                    doc(["21", "21.a", "21.b", "21.c", "21.d"], "anev kegiatan Bhabinkamtibmas dipimpin Kanit Binmas Polsek"),
                    _form("anev", "Analisa dan evaluasi", "Analysis and evaluation", props={
                        "tahapan": check(["21.a", "21.b", "21.c", "21.d"]),
                        "hasil_anev": fk.text("Hasil anev", "Findings", 4000)}, required=["hasil_anev"]))
    t21e = sop.task("sop07_s21e_pelaporan", BB, "Pelaporan lengkap dengan blangko kunjungan", doc(["21.e"]),
                    _form("pelaporan", "Pelaporan lengkap", "Full report", props={
                        "foto": fk.attachments("Foto dokumentasi", "Photos"),
                        "blangko_usaha": fk.attachment("Blangko kunjungan tempat usaha / kantor", "Business visit form"),
                        "blangko_penduduk": fk.attachment("Blangko kunjungan penduduk", "Resident visit form"),
                        "pemecahan_masalah": fk.text("Laporan hasil pemecahan masalah", "Problem solving", 4000),
                        "data_intel": fk.text("Data intel dasar wilayah binaan", "Basic intelligence data", 4000)},
                        required=["pemecahan_masalah"]))
    t21f = sop.task("sop07_s21f_perintah_laporan", KANIT_PS, "Memerintahkan pembuatan laporan",
                    doc(["21.f"], "perintah kepada Bhabinkamtibmas diberikan Kanit Binmas Polsek"),
                    _form("perintah_laporan", "Perintah membuat laporan", "Order to report", "perintah"))
    t21g = sop.task("sop07_s21g_laporan", BB, "Membuat laporan hasil kegiatan", doc(["21.g"]),
                    _form("laporan", "Laporan hasil kegiatan", "Activity report", "laporan"))
    t21h = sop.task("sop07_s21h_rekap", KANIT_PS, "Merekap kegiatan Bhabinkamtibmas", doc(["21.h"]),
                    _form("rekap", "Rekap kegiatan", "Summary", props={
                        "periode": fk.text("Periode", "Period", 100), "jumlah_kegiatan": fk.count("Jumlah kegiatan", "Activities"),
                        "rekap": fk.attachment("Berkas rekap", "Summary file")}, required=["periode", "jumlah_kegiatan"]))
    t21i = sop.task("sop07_s21i_ajukan_kapolsek", KASIUM, "Mengajukan laporan dan dukungan anggaran",
                    doc(["21.i"], "penerimaan dan pengajuan berkas kepada Kapolsek oleh Kasium (tata usaha Polsek)"),
                    _form("ajukan_kapolsek", "Pengajuan kepada Kapolsek", "Submission to the chief", "anggaran"))
    t21j = sop.task("sop07_s21j_tandatangan", KAPOLSEK, "Koreksi dan tanda tangan laporan",
                    doc(["21.j"], "laporan Polsek dikoreksi dan ditandatangani Kapolsek"),
                    _form("tandatangan_laporan", "Koreksi dan tanda tangan laporan", "Check and sign", "tandatangan_review"))
    g21j = sop.gateway("sop07_s21j_keputusan", KAPOLSEK, "Disetujui?", default="sop07_s21j_keputusan__perbaiki")
    t21k = sop.task("sop07_s21k_arsip_teruskan", KASIUM, "Mengarsipkan dan meneruskan ke Sat Binmas",
                    doc(["21.k"], "pengarsipan dan penerusan dikerjakan Kasium"),
                    _form("arsip_teruskan", "Arsip dan penerusan", "Archive and forward", "kirim"))
    t21l = sop.task("sop07_s21l_rekap_bulanan", KANIT_BB, "Rekap bulanan Sat Binmas", doc(["21.l"]),
                    _form("rekap_bulanan", "Rekap bulanan", "Monthly summary", "laporan"))
    t21m = sop.task("sop07_s21m_ke_polda", KASAT, "Meneruskan rekap ke Ditbinmas Polda", doc(["21.m"]),
                    _form("ke_polda", "Pengiriman ke Ditbinmas Polda Kepri", "Sent to the regional directorate", "kirim"))
    end = sop.end("sop07_selesai", KASAT, "Selesai")

    into2 = sop.gateway("sop07_s02_masuk", KANIT_BB, "")
    into21h = sop.gateway("sop07_s21h_masuk", KANIT_PS, "")
    sop.chain(start, t1, into2, t2, t3, t4, g4)
    sop.flow(g4, t5, 'keputusan == "setuju"', "setuju")
    sop.flow(g4, into2, None, "perbaiki", id_="sop07_s04_keputusan__perbaiki")
    sop.chain(t5, t7, t8, t10, t11, t12, t13, t14, t15, kind)
    sop.flow(kind, t16, 'jenis_kejadian == "bencana_alam"', "bencana alam")
    sop.flow(kind, t17, 'jenis_kejadian == "konflik_sosial"', "konflik sosial")
    sop.flow(kind, t20, 'jenis_kejadian == "pidana"', "kasus pidana")
    sop.flow(kind, merge, None, "tidak ada", id_="sop07_jenis_kejadian__tidak_ada")
    sop.flow(t17, pecah)
    sop.flow(pecah, t18, "konflik_pecah == True", "pecah")
    sop.flow(pecah, merge, None, "reda", id_="sop07_konflik_pecah__tidak")
    sop.chain(t18, t19, merge)
    sop.flow(t16, merge)
    sop.flow(t20, merge)
    sop.chain(merge, anev, t21e, t21f, t21g, into21h, t21h, t21i, t21j, g21j)
    sop.flow(g21j, t21k, 'keputusan == "setuju"', "setuju")
    sop.flow(g21j, into21h, None, "perbaiki", id_="sop07_s21j_keputusan__perbaiki")
    sop.chain(t21k, t21l, t21m, end)
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


BUILDERS = {"sop06": sop06, "sop07": sop07, "fkpm": fkpm}
