"""SOP-01 … SOP-05: the three-stage Sat Binmas procedures (persiapan, pelaksanaan, tahap akhir).

The five tables share one shape; their row texts and time standards are read from the seed, so each
diagram quotes its own SOP. The actor of each numbered row is not in the extracted text: it is
inferred from the verb as the SOPs use them (see ACTORS) and said in each element's documentation.
"""

from __future__ import annotations

import dataclasses

from . import forms as fk
from . import seed
from .builder import Sop

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


CONFIGS = [
    Config("sop01", "01", "SOP-01 Pembinaan Perpolisian Masyarakat (Bin Polmas)", "INST, BDN PMTH & MASY",
           "KANIT BIN POLMAS", "Bin Polmas"),
    Config("sop02", "02", "SOP-02 Pembinaan Polsus", "INST, BDN PMTH & MASY", "KANIT BINKAMSA", "pembinaan Polsus"),
    Config("sop03", "03", "SOP-03 Pembinaan dan Penyuluhan (Binluh)", "INST, BDN PMTM & MASY", "KANIT BINTIBMAS",
           "Binluh"),
    Config("sop04", "04", "SOP-04 Pembinaan Satkamling / Siskamling", "BUJP / SATPAM", "KANIT BINKAMSA",
           "pembinaan Satkamling", "Baris 1.a.1 meminta koordinasi dengan Bhabinkamtibmas."),
    Config("sop05", "05", "SOP-05 Pembinaan Keamanan Swakarsa / Satpam", "BUJP / SATPAM", "KANIT BINKAMSA",
           "pembinaan Satpam", "Pengajuan anggaran diteruskan kepada Kapolres dan Kaurkeu; keduanya tidak memiliki "
                               "lajur pada tabel SOP, jawabannya dicatat pada formulir pengirim."),
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
    lines = [f"[{{key}} {r.key}] {r.text}" for r in rows]
    extra = []
    for r in rows:
        facts = [f"{label}: {value}" for label, value in (("Kelengkapan", r.kelengkapan), ("Waktu", r.waktu),
                                                          ("Output", r.output)) if value]
        if facts:
            extra.append(f"({r.key}) " + "; ".join(facts))
    text = "\n".join(lines + extra)
    if why:
        text += f"\nASUMSI: pelaksana disimpulkan dari kata kerja: {why}."
    if assumption:
        text += f"\nASUMSI: {assumption}"
    return text


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
        props, required = fk.for_kind(kind, output, title)
        return slug, fk.schema(title, title, by_key[keys[-1]].text if keys[-1] in by_key else title, props, required)

    ids: dict[str, str] = {}

    def link(source: str, target: str) -> None:
        """A flow; out of a review decision it is the approve branch."""
        if source.endswith("_keputusan"):
            sop.flow(source, target, 'keputusan == "setuju"', "setuju")
        else:
            sop.flow(source, target)

    start = sop.start(f"{k}_mulai", PELAKS, "Mulai", doc(["1", "1.a"]))
    previous = start
    for key in [f"1.a.{n}" for n in range(1, 23)]:
        if key not in by_key:
            continue
        who, name, kind, why = ACTORS[key]
        slug = f"s{key.replace('.', '')}_{_slug(name)}"
        task_id = f"{k}_{slug}"
        keys = [key] + (["1", "1.a"] if key == "1.a.1" else [])
        sop.task(task_id, lane[who], name, doc([key], why), form(slug, kind, [key], name), _due([by_key[key]]))
        ids[key] = task_id
        entry = task_id
        if key in AUTHORS:  # a revision comes back here: both ways in meet at a gateway, not at the task
            entry = sop.gateway(f"{task_id}_masuk", lane[who], "")
            ids[key] = entry
        if key == "1.a.7":  # the institution learns of the activity before the plan is drawn up
            receive = sop.task(f"{k}_terima_pemberitahuan", config.external, "Menerima surat pemberitahuan",
                               f"[{k} 1.a.6] (penerima) {by_key['1.a.6'].text}\nASUMSI: penerimaan surat pemberitahuan "
                               f"oleh {config.external} dicatat sebagai langkah agar lajur mitra terlihat; dapat diisi "
                               f"petugas atas nama mitra.",
                               ("terima_pemberitahuan", fk.schema("Menerima surat pemberitahuan", "Notification received",
                                                                  "Tanda terima surat pemberitahuan", *fk.for_kind("terima", "", ""))))
            link(previous, receive)
            previous = receive
        link(previous, entry)
        if entry != task_id:
            sop.flow(entry, task_id)
        previous = task_id
        if key in REVIEWS:
            previous = _review_gate(sop, task_id, lane[who], ids[REVIEWS[key]])

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
