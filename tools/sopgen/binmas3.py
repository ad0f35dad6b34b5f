"""SOP-01 … SOP-05: the three-stage Sat Binmas procedures (persiapan, pelaksanaan, tahap akhir).

The five tables share one shape; their row texts and time standards are read from the seed, so each
diagram quotes its own SOP. The actor of each numbered row is not in the extracted text: it is
inferred from the verb as the SOPs use them (see ACTORS) and said in each element's documentation.
"""

from __future__ import annotations

import dataclasses

from . import forms as fk
from . import seed
from .builder import Sop, row_doc

PELAKS, KASAT, MINTU, KBO = "PELAKS BINLUH", "KASAT BINMAS", "KAUR MINTU", "KBO"


@dataclasses.dataclass(frozen=True)
class Config:
    key: str
    number: str
    name: str
    external: str
    kanit: str
    activity: str  # short name of the activity, for task names
    note: str = ""
    #: rows whose actor differs from ACTORS in this SOP (same shape as ACTORS)
    actors: dict = dataclasses.field(default_factory=dict)


#: SOP-01/03 row 1.a.19 hands the budget papers *to* Kaur Mintu: the one handing them is KBO
_TO_MINTU = {"1.a.19": ("kbo", "Menyerahkan kebutuhan anggaran ke Kaur Mintu", "kirim",
                        "berkas anggaran bertanda tangan Kasat (baris 18) diserahkan *kepada* Kaur Mintu, maka yang "
                        "menyerahkan adalah KBO")}
#: SOP-02/04/05 row 1.a.20 orders Kaurbinops (KBO) to prepare the material and personnel of row 21
_KBO_PREPARES = {"1.a.21": ("kbo", "Menyiapkan materi dan personel", "persiapan",
                            "baris 20 memerintahkan Kaurbinops (KBO) membuat materi dan menyiapkan personel")}


CONFIGS = [
    Config("sop01", "01", "SOP-01 Pembinaan Perpolisian Masyarakat (Bin Polmas)", "INST, BDN PMTH & MASY",
           "KANIT BIN POLMAS", "Bin Polmas", actors=_TO_MINTU),
    Config("sop02", "02", "SOP-02 Pembinaan Polsus", "INST, BDN PMTH & MASY", "KANIT BINKAMSA", "pembinaan Polsus",
           actors=_KBO_PREPARES),
    Config("sop03", "03", "SOP-03 Pembinaan dan Penyuluhan (Binluh)", "INST, BDN PMTM & MASY", "KANIT BINTIBMAS",
           "Binluh", actors=_TO_MINTU),
    Config("sop04", "04", "SOP-04 Pembinaan Satkamling / Siskamling", "BUJP / SATPAM", "KANIT BINKAMSA",
           "pembinaan Satkamling", "Baris 1.a.1 meminta koordinasi dengan Bhabinkamtibmas.", actors=_KBO_PREPARES),
    Config("sop05", "05", "SOP-05 Pembinaan Keamanan Swakarsa / Satpam", "BUJP / SATPAM", "KANIT BINKAMSA",
           "pembinaan Satpam", "Pengajuan anggaran diteruskan kepada Kapolres dan Kaurkeu; keduanya tidak memiliki "
                               "lajur pada tabel SOP, jawabannya dicatat pada formulir pengirim.", actors=_KBO_PREPARES),
]

#: row -> (lane key, short name, form kind, why the actor is who it is)
ACTORS: dict[str, tuple[str, str, str, str]] = {
    "1.a.1": ("pelaks", "Pendataan sasaran", "pendataan", "“melakukan pendataan” dikerjakan Pelaks Binluh"),
    "1.a.2": ("kasat", "Disposisi surat pemberitahuan", "disposisi", "“menerima, membaca dan memberikan disposisi” adalah tindakan Kasat Binmas"),
    "1.a.3": ("mintu", "Membuat surat pemberitahuan", "surat", "“membuat surat” dikerjakan Kaur Mintu"),
    "1.a.4": ("kasat", "Menandatangani surat pemberitahuan", "tandatangan", "“tanda tangan” adalah tindakan Kasat Binmas"),
    "1.a.5": ("kbo", "Memerintahkan Kanit koordinasi", "perintah", "perintah kepada Kanit disampaikan melalui KBO"),
    "1.a.6": ("kanit", "Mendistribusikan surat pemberitahuan", "distribusi", "“koordinasi dan mendistribusikan” dikerjakan Kanit SOP ini"),
    "1.a.7": ("mintu", "Membuat konsep Renlak", "surat", "konsep Renlak dibuat Kaur Mintu (baris 8: KBO memerintahkan Kaurmintu mengajukan Renlak)"),
    "1.a.8": ("kbo", "Paraf Renlak", "review", "“memberikan paraf … memerintahkan Kaurmintu” adalah tindakan KBO; paraf dapat ditolak, maka ada keputusan setuju / perbaiki"),
    "1.a.9": ("kasat", "Menandatangani Renlak", "tandatangan", "“menandatangani” adalah tindakan Kasat Binmas"),
    "1.a.10": ("kbo", "Memerintahkan pembuatan Sprin", "perintah", "“memerintahkan Kaurmintu” adalah tindakan KBO"),
    "1.a.11": ("mintu", "Membuat Sprin", "surat", "“membuat surat perintah” dikerjakan Kaur Mintu"),
    "1.a.12": ("kbo", "Koreksi dan paraf Sprin", "review", "“mengoreksi dan memberikan paraf” adalah tindakan KBO"),
    "1.a.13": ("mintu", "Mengajukan Sprin untuk ditandatangani", "terima", "Kaur Mintu meminta tanda tangan Kasat (sesuai perintah baris 12)"),
    "1.a.14": ("kasat", "Menandatangani Sprin", "tandatangan", "“menandatangani” adalah tindakan Kasat Binmas"),
    "1.a.15": ("kbo", "Memerintahkan distribusi Sprin", "perintah", "“memerintahkan Kaurmintu” adalah tindakan KBO"),
    "1.a.16": ("mintu", "Distribusi Sprin dan rencana anggaran", "anggaran", "distribusi Sprin dan pengajuan renbut oleh Kaur Mintu"),
    "1.a.17": ("kbo", "Koreksi dan paraf rencana anggaran", "review", "“mengoreksi dan memberikan paraf” adalah tindakan KBO"),
    "1.a.18": ("kasat", "Menandatangani pengajuan anggaran", "tandatangan", "“memberikan tanda tangan” adalah tindakan Kasat Binmas"),
    "1.a.19": ("mintu", "Menyerahkan kebutuhan anggaran", "kirim", "penyerahan berkas anggaran dikerjakan Kaur Mintu"),
    "1.a.20": ("kasat", "Arahan persiapan kegiatan", "disposisi", "perintah lanjutan setelah anggaran didisposisi diberikan Kasat Binmas"),
    "1.a.21": ("kanit", "Menyiapkan materi dan personel", "persiapan", "penyiapan materi dan personel oleh Kanit SOP ini"),
    "1.a.22": ("pelaks", "Menyiapkan alat peraga / sarana", "persiapan", "alat peraga dan sarana disiapkan Pelaks Binluh yang melaksanakan"),
    "3.f": ("kbo", "Memerintahkan pembuatan laporan", "perintah", "“memerintahkan Kaurmintu” adalah tindakan KBO"),
    "3.g": ("mintu", "Membuat laporan hasil kegiatan", "laporan", "“membuat laporan” dikerjakan Kaur Mintu"),
    "3.h": ("kbo", "Koreksi dan paraf laporan", "review", "“mengoreksi dan memberikan paraf” adalah tindakan KBO"),
    "3.i": ("mintu", "Mengajukan laporan kepada Kasat", "kirim", "pengajuan berkas kepada Kasat oleh Kaur Mintu"),
    "3.j": ("kasat", "Koreksi dan menandatangani laporan", "tandatangan_review", "“mengoreksi serta menandatangani” adalah tindakan Kasat Binmas"),
    "3.k": ("kasat", "Melaporkan ke Polda dan mengarsipkan", "kirim", "laporan ke Polda Kepri dikirim atas nama Kasat Binmas; pengarsipan oleh stafnya"),
}
REVIEWS = {"1.a.8": "1.a.7", "1.a.12": "1.a.11", "1.a.17": "1.a.16", "3.h": "3.g", "3.j": "3.g"}
AUTHORS = set(REVIEWS.values())


def _doc(rows: list[seed.Row], why: str = "", assumption: str = "") -> str:
    return row_doc("{key}", rows, f"pelaksana disimpulkan dari kata kerja: {why}." if why else "", assumption)


def _due(rows: list[seed.Row]) -> str | None:
    return seed.from_minutes(sum(seed.minutes(seed.duration(r.waktu)) for r in rows))


def build(config: Config, seed_text: str) -> Sop:
    rows = seed.three_stage_rows(seed.section(seed_text, config.number))
    by_key = {r.key: r for r in rows}
    lanes = [config.external, PELAKS, KASAT, MINTU, config.kanit, KBO]
    lane = {"pelaks": PELAKS, "kasat": KASAT, "mintu": MINTU, "kbo": KBO, "kanit": config.kanit}
    supervisor = {PELAKS: KBO, MINTU: KBO, config.kanit: KBO, KBO: KASAT, KASAT: KBO, config.external: config.kanit}
    header = f"Nomor: SOP-{config.number}/I/HUK.7.1/2023/BINMAS, Sat Binmas Polresta Tanjungpinang (9 Januari 2023)."
    if config.note:
        header += "\n" + config.note
    sop = Sop(config.key, config.name, lanes, header, supervisor)
    sop.rows = rows
    k = config.key

    def doc(keys: list[str], why: str = "", assumption: str = "") -> str:
        return _doc([by_key[x] for x in keys if x in by_key], why, assumption).replace("{key}", k)

    def form(slug: str, kind: str, keys: list[str], title: str) -> tuple[str, dict]:
        output = next((by_key[x].output for x in keys if x in by_key and by_key[x].output), "")
        if keys == ["1.a.3"] and output.lower() == "disposisi":
            output = "Surat pemberitahuan"  # the OUTPUT cell of this row is shifted in the source table
        props, required = fk.for_kind(kind, output, title)
        if output and kind not in ("surat", "review", "anggaran") and "output_dokumen" not in props:
            props["output_dokumen"] = fk.attachment(f"Output: {output}", f"Output: {output}")
        if keys == ["1.a.6"]:  # the partners' receipt is recorded by the Kanit who hands them the letter
            props = {"tanggal_distribusi": props["tanggal_distribusi"], **partner_receipt(),
                     **({"output_dokumen": props["output_dokumen"]} if "output_dokumen" in props else {})}
            required = ["tanggal_distribusi", "diterima_oleh"]
        return slug, fk.schema(title, title, by_key[keys[-1]].text if keys[-1] in by_key else title, props, required)

    ids: dict[str, str] = {}
    actors = {**ACTORS, **config.actors}

    def link(source: str, target: str) -> None:
        """A flow; out of a review decision it is the approve branch."""
        if source.endswith("_keputusan"):
            sop.flow(source, target, 'keputusan == "setuju"', "setuju")
        elif source.endswith("_didisposisi"):
            sop.flow(source, target, "sudah_didisposisi == True", "sudah")
        else:
            sop.flow(source, target)

    start = sop.start(f"{k}_mulai", PELAKS, "Mulai", doc(["1", "1.a"]))
    previous = start
    for key in [f"1.a.{n}" for n in range(1, 23)]:
        if key not in by_key:
            continue
        who, name, kind, why = actors[key]
        slug = f"s{key.replace('.', '')}_{_slug(name)}"
        task_id = f"{k}_{slug}"
        note = ""
        if key == "1.a.3" and by_key[key].output.lower() == "disposisi":
            note = "kolom OUTPUT naskah menulis “Disposisi”; dokumen yang dibuat langkah ini adalah surat pemberitahuan"
        if key == "1.a.6":
            note = (f"penerimaan oleh {config.external} dicatat Kanit yang menyerahkan surat (siapa menerima, apa yang "
                    f"disepakati, tanda terima); mitra tidak perlu masuk ke sistem, lajurnya memberi akses baca")
        sop.task(task_id, lane[who], name, doc([key], why, note), form(slug, kind, [key], name), _due([by_key[key]]))
        ids[key] = task_id
        entry = task_id
        if key in AUTHORS:  # a revision comes back here: both ways in meet at a gateway, not at the task
            entry = sop.gateway(f"{task_id}_masuk", lane[who], "")
            ids[key] = entry
        link(previous, entry)
        if entry != task_id:
            sop.flow(entry, task_id)
        previous = task_id
        if key in REVIEWS:
            previous = _review_gate(sop, task_id, lane[who], ids[REVIEWS[key]])
        if key == "1.a.20" and "jika sudah didisposisi" in by_key[key].text:
            previous = _wait_for_disposition(sop, k, task_id, by_key[key])

    stage2 = [r.key for r in rows if r.key == "2" or r.key.startswith("2.")]
    items = [(r.key.replace(".", "_"), f"{r.key} {r.text}") for r in rows if r.key.count(".") == 2 and r.key.startswith("2.")]
    props = {
        "tanggal_kegiatan": fk.date("Tanggal kegiatan", "Date of the activity"),
        "lokasi": fk.text("Lokasi kegiatan", "Place", 300),
        "pelaksanaan": fk.checklist(items, "Hal yang dilakukan (pelaksanaan a dan b)", "Carried out (a and b)"),
        "jumlah_peserta": fk.count("Jumlah peserta", "Number of participants"),
        "daftar_hadir": fk.attachment("Daftar hadir / absensi", "Attendance list"),
        "foto": fk.attachments("Foto dokumentasi", "Photos"),
        "catatan": fk.text("Catatan pelaksanaan", "Notes", 3000),
    }
    pelaksanaan = sop.task(f"{k}_s2_pelaksanaan", PELAKS, f"Pelaksanaan {config.activity}",
                           doc(stage2, "petugas yang melaksanakan kegiatan di lapangan adalah Pelaks Binluh",
                               "baris pedoman pelaksanaan a dan b menjadi satu tugas dengan daftar periksa"),
                           ("pelaksanaan", fk.schema(f"Pelaksanaan {config.activity}", "Carrying out the activity",
                                                     by_key["2"].text, props, ["tanggal_kegiatan", "lokasi", "jumlah_peserta"])),
                           _due([by_key[x] for x in stage2]))
    link(previous, pelaksanaan)

    anev_keys = [x for x in ("3", "3.a", "3.b", "3.c", "3.d") if x in by_key]
    anev_items = [(x.replace(".", "_"), f"{x} {by_key[x].text}") for x in anev_keys if x != "3"]
    anev = sop.task(f"{k}_s3a_anev", config.kanit, "Analisa dan evaluasi kegiatan",
                    doc(anev_keys, "analisa dan evaluasi kegiatan unit dipimpin Kanit SOP ini",
                        "tahapan a-d (pemantauan, pencatatan, penilaian) menjadi satu tugas dengan daftar periksa"),
                    ("anev", fk.schema("Analisa dan evaluasi", "Analysis and evaluation", by_key["3"].text,
                                       {"tahapan": fk.checklist(anev_items, "Tahapan anev", "Steps"),
                                        "hasil_anev": fk.text("Hasil analisa dan evaluasi", "Findings", 4000)},
                                       ["hasil_anev"])), _due([by_key[x] for x in anev_keys]))
    sop.flow(pelaksanaan, anev)

    e_keys = [x for x in by_key if x == "3.e" or x.startswith("3.e.")]
    pelaporan = sop.task(f"{k}_s3e_pelaporan", PELAKS, "Pelaporan lengkap kegiatan",
                         doc(e_keys, "pelaporan lapangan diajukan petugas pelaksana (Pelaks Binluh) kepada pimpinan"),
                         ("pelaporan", fk.schema("Pelaporan lengkap", "Full report", by_key["3.e"].text, {
                             "situasi": fk.text("Situasi selama kegiatan berlangsung", "Situation during the activity", 3000),
                             "jumlah_peserta": fk.count("Jumlah peserta hadir", "Participants present"),
                             "absensi": fk.attachment("Absensi peserta", "Attendance list"),
                             "permasalahan": fk.text("Permasalahan yang dihadapi / ditemukan", "Problems found", 3000),
                             "saran_peserta": fk.text("Saran, masukan, tanggapan peserta", "Participants' suggestions", 3000),
                             "saran_pimpinan": fk.text("Saran dan masukan kepada pimpinan", "Advice to the leadership", 3000),
                             "foto": fk.attachments("Foto dokumentasi", "Photos")},
                             ["situasi", "jumlah_peserta", "permasalahan"])), _due([by_key[x] for x in e_keys]))
    sop.flow(anev, pelaporan)
    previous = pelaporan
    for key in ("3.f", "3.g", "3.h", "3.i", "3.j", "3.k"):
        if key not in by_key:
            continue
        who, name, kind, why = ACTORS[key]
        slug = f"s{key.replace('.', '')}_{_slug(name)}"
        task_id = f"{k}_{slug}"
        sop.task(task_id, lane[who], name, doc([key], why), form(slug, kind, [key], name), _due([by_key[key]]))
        ids[key] = task_id
        entry = task_id
        if key in AUTHORS:
            entry = sop.gateway(f"{task_id}_masuk", lane[who], "")
            ids[key] = entry
            sop.flow(entry, task_id)
        link(previous, entry)
        previous = task_id
        if key in REVIEWS:
            previous = _review_gate(sop, task_id, lane[who], ids[REVIEWS[key]])
    end = sop.end(f"{k}_selesai", KASAT, "Selesai")
    link(previous, end)
    return sop


def partner_receipt() -> dict:
    return {"diterima_oleh": fk.table("Diterima oleh (mitra)", "Received by (partner)", {
                "instansi": fk.text("Instansi / badan / masyarakat", "Organisation", 300),
                "nama": fk.text("Nama / jabatan penerima", "Name / post", 200),
                "tanggal": fk.date("Tanggal diterima", "Date received")}, ["instansi", "nama"], min_items=1),
            "kesepakatan": fk.text("Yang disepakati dengan mitra (waktu, tempat, peserta)", "What was agreed", 2000),
            "tanda_terima": fk.attachment("Tanda terima / buku ekspedisi", "Receipt / dispatch book")}


def _wait_for_disposition(sop: Sop, k: str, order: str, row: seed.Row) -> str:
    """Row 1.a.20: Kaur Mintu checks the letter at the Kapolres; only once disposed it goes on to finance."""
    into = sop.gateway(f"{k}_s1a20_cek_masuk", MINTU, "")
    check = sop.task(f"{k}_s1a20_cek_disposisi_kapolres", MINTU, "Mengecek disposisi Kapolres, meneruskan ke Kasi Keuangan",
                     row_doc(k, [row], "Kaur Mintu mengecek surat di Kapolres atas perintah Kasat; bila belum "
                                       "didisposisi ia mengecek lagi, bila sudah ia meneruskan ke Kasi Keuangan"),
                     ("s1a20_cek_disposisi_kapolres", fk.schema(
                         "Cek disposisi Kapolres", "Checking the chief's disposition", row.text, {
                             "tanggal_cek": fk.date("Tanggal dicek", "Date checked"),
                             "sudah_didisposisi": fk.yes_no("Surat sudah didisposisi Kapolres?", "Disposed by the chief?"),
                             "isi_disposisi": fk.text("Isi disposisi Kapolres", "The chief's disposition", 1000),
                             "diteruskan_kasi_keuangan": fk.date("Diteruskan ke Kasi Keuangan (tanggal)",
                                                                 "Forwarded to finance (date)"),
                             "bukti": fk.attachment("Surat berdisposisi / tanda terima Kasi Keuangan", "Disposed letter")},
                         ["tanggal_cek", "sudah_didisposisi"])))
    gate = sop.gateway(f"{k}_s1a20_didisposisi", MINTU, "Sudah didisposisi?", default=f"{k}_s1a20_didisposisi__belum")
    sop.chain(order, into, check, gate)
    sop.flow(gate, into, None, "belum, cek lagi", id_=f"{k}_s1a20_didisposisi__belum")
    return gate


def _review_gate(sop: Sop, reviewer: str, lane: str, author: str) -> str:
    """An approve / return-for-correction decision after ``reviewer``; returns the gateway id."""
    gid = f"{reviewer}_keputusan"
    sop.gateway(gid, lane, "Disetujui?", default=f"{gid}__perbaiki")
    sop.flow(reviewer, gid)
    sop.flow(gid, author, None, "perbaiki", id_=f"{gid}__perbaiki")
    return gid


def _slug(name: str) -> str:
    import re

    words = re.sub(r"[^a-z0-9 ]", "", name.lower()).split()
    return "_".join(w for w in words if w not in ("dan", "untuk", "kepada", "yang", "ke"))[:40]
