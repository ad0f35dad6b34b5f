"""English for every Indonesian message of the web UI; `python translations/english.py` rebuilds the catalog.

Steps: extract the messages (pybabel extract), give each its English text from ENGLISH, write
translations/en/LC_MESSAGES/messages.po and compile it to messages.mo.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

HERE = Path(__file__).resolve().parent
WEBUI = HERE.parent

ENGLISH = {
    # units: deployments per unit, tasks nobody holds
    "Semua satuan (seluruh deployment)": "All units (the whole deployment)",
    "seluruh deployment": "the whole deployment",
    "%(p)s: versi %(v)s kini berlaku untuk %(u)s.": "%(p)s: version %(v)s now runs in %(u)s.",
    "%(p)s: %(u)s sudah menjalankan versi %(v)s.": "%(p)s: %(u)s already runs version %(v)s.",
    "disimpan, berlaku untuk %(u)s": "stored, running in %(u)s",
    "berlaku untuk %(u)s": "now running in %(u)s",
    "Berlaku untuk satuan (dan satuan di bawahnya)": "Runs in the unit (and the units below it)",
    "Versi yang berlaku per satuan": "Current version per unit",
    "Instans baru menjalankan versi dari satuan paling dekat di atas satuannya yang punya versi sendiri.":
        "A new instance runs the version of the nearest unit at or above its own that has one.",
    "Pasang versi": "Deploy version", "untuk satuan": "for unit", "Pasang": "Deploy",
    "Semua versi": "All versions", "Berlaku di": "Current in", "semua": "all",
    "Pindahkan instans berjalan ke versi yang berlaku di satuannya":
        "Move running instances to the version their unit runs",
    "Hanya instans di satuan tempat versi tujuan dipasang yang ditawarkan; tanpa versi tujuan, tiap instans ke "
    "versi yang kini berlaku di satuannya.":
        "Only instances of the units the target version is deployed for are offered; without a target version, "
        "each instance moves to the version its unit now runs.",
    "Satuan": "Unit", "Tugas": "Task",
    "Tugas tanpa pemegang": "Tasks nobody holds", "Tanpa pemegang": "Nobody holds",
    "Tugas di satuan yang Anda awasi yang tidak dapat diambil siapa pun: tidak ada yang memegang jabatan lajurnya "
    "di satuan itu.":
        "Tasks in the units you supervise that nobody can take: nobody holds the post of their lane in that unit.",
    "Jabatan yang kosong": "Empty post", "Sejak": "Since", "Jalan keluar": "Way forward",
    "Minta administrator personel mengisi jabatan %(role)s di %(unit)s, atau memutasi seseorang ke sana; tugas ini "
    "lalu muncul di daftar tugas pemegangnya.":
        "Ask the personnel administrator to fill the post of %(role)s in %(unit)s, or to transfer someone there; "
        "the task then shows in the new holder's task list.",
    "Semua tugas di satuan Anda punya pemegang.": "Every task in your units has someone who holds its post.",
    "Satuan / desa": "Unit / village",
    "Pesan diterima": "Message received", "Isian rahasia dibaca": "Sensitive field read",
    "Baris": "Row", "Kelengkapan": "Equipment", "Output": "Output", "Catatan analis (ASUMSI)": "Analyst's notes (ASUMSI)",
    "Tugas ini sudah diselesaikan oleh %(user)s pada %(when)s.": "%(user)s already completed this task on %(when)s.",
    "Draf tersimpan %(when)s dimuat ke formulir.": "The draft saved %(when)s is loaded into the form.",
    "Dari langkah sebelumnya": "From earlier steps", "Instans macet": "Instance stalled",
    "%(n)s instans dipindahkan ke versi baru.": "%(n)s instance(s) moved to the new version.",
    "Pilih berkas BPMN.": "Choose a BPMN file.",
    "%(p)s: versi %(v)s %(what)s.": "%(p)s: version %(v)s %(what)s.",
    "disimpan": "stored", "tidak berubah": "unchanged",
    "Diagram ini bukan proses %(p)s.": "This diagram is not process %(p)s.",
    "Nama pengguna atau kata sandi salah.": "Wrong username or password.",
    "Tidak ditemukan": "Not found", "Tidak diizinkan": "Not allowed", "Sudah berubah": "Changed meanwhile",
    "Terlalu besar": "Too large", "Tidak dapat diproses": "Cannot be processed",
    "Permintaan ditolak": "Request refused",
    "Formulir kedaluwarsa atau tidak sah. Muat ulang halaman lalu coba lagi.":
        "The form expired or is not valid. Reload the page and try again.",
    "Basis data tidak tersedia": "Database unavailable",
    "Basis data sedang tidak dapat dihubungi. Tidak ada yang tersimpan; coba lagi sebentar lagi.":
        "The database cannot be reached right now. Nothing was saved; try again in a moment.",
    "Permintaan tidak sah.": "Bad request.", "Silakan masuk terlebih dahulu.": "Please log in first.",
    "Anda tidak berhak membuka halaman ini.": "You may not open this page.",
    "Halaman tidak ditemukan.": "Page not found.", "Cara akses ini tidak diizinkan.": "This method is not allowed.",
    "Berkas atau isian terlalu besar.": "File or input too large.",
    "Terlalu banyak percobaan. Tunggu sebentar lalu coba lagi.": "Too many attempts. Wait a moment and try again.",
    "Wajib diisi.": "Required.",
    "Isian tidak sesuai jenisnya (misalnya huruf pada kolom angka).": "Wrong kind of value (for example letters in a number field).",
    "Nilai terlalu kecil.": "Value too small.", "Nilai terlalu besar.": "Value too large.",
    "Isian terlalu panjang.": "Too long.", "Isian terlalu pendek.": "Too short.",
    "Format tidak sesuai (tanggal ditulis TTTT-BB-HH).": "Wrong format (dates are written YYYY-MM-DD).",
    "Pilih salah satu pilihan yang tersedia.": "Choose one of the options.",
    "Isian ini tidak dikenal oleh formulir.": "The form does not know this field.",
    "Lampiran tidak ditemukan; unggah ulang berkasnya.": "Attachment not found; upload the file again.",
    "Tambahkan paling sedikit satu baris.": "Add at least one row.",
    "Tugas diambil. Anda yang mengerjakannya sekarang.": "Task claimed. It is yours now.",
    "Tugas dilepas dan kembali ke daftar peran.": "Task released back to the role's list.",
    "Tugas dilimpahkan kepada %(user)s.": "Task delegated to %(user)s.",
    "Tugas “%(name)s” selesai.": "Task “%(name)s” completed.",
    "Tugas saya": "My tasks", "Mulai SOP": "Start an SOP", "Instans": "Instances", "Audit": "Audit",
    "Analis": "Analyst", "Keluar": "Log out", "Kembali ke beranda": "Back to the start page",
    "Perbedaan versi": "Version differences", "Dari": "From", "Ke": "To", "Bandingkan": "Compare",
    "Tidak ada perbedaan.": "No differences.", "ditambah": "added", "diubah": "changed", "Elemen": "Elements",
    "Alur": "Flows", "Lajur, formulir, waktu standar": "Lanes, forms, time standards", "Lajur": "Lanes",
    "Formulir": "Forms", "Dampak pada instans berjalan": "Impact on running instances",
    "Definisi proses": "Process definitions", "Unggah BPMN dan formulir": "Upload BPMN and forms",
    "Versi": "Version", "Dipasang": "Deployed", "Oleh": "By", "Berjalan": "Running", "ubah": "edit",
    "beda": "diff", "Pindahkan instans berjalan ke versi terbaru": "Move running instances to the latest version",
    "Pindah versi": "Move versions", "instans berjalan dan versi baru": "running instances and the new version",
    "Tidak ada instans berjalan pada versi lama.": "No instance runs on an older version.",
    "Dapat dipindah": "Can move", "Alasan": "Reason", "Hasil": "Result", "ya": "yes", "tidak": "no",
    "dipindah": "moved",
    "Di atas adalah uji coba (tidak ada yang berubah). Memindahkan mencatat kejadian audit per instans; batas waktu standar yang berjalan tetap.":
        "The above is a dry run (nothing changed). Moving records an audit event per instance; running time standards keep their due times.",
    "Pindahkan yang dapat dipindah": "Move those that can move", "Pemodel": "Modeler", "dari": "from",
    "Properti": "Properties", "Pilih sebuah tugas pengguna.": "Select a user task.", "Nama": "Name",
    "Formulir (JSON Schema)": "Form (JSON Schema)",
    "Waktu standar (ISO 8601, mis. PT1H, P2D)": "Time standard (ISO 8601, e.g. PT1H, P2D)",
    "Terapkan": "Apply", "Periksa dan pasang versi baru": "Check and deploy a new version",
    "Unggah BPMN": "Upload BPMN", "Berkas BPMN": "BPMN file",
    "Formulir (JSON Schema), nama berkas “sop03__nama.schema.json” untuk forms/sop03/nama.schema.json":
        "Forms (JSON Schema), file name “sop03__name.schema.json” for forms/sop03/name.schema.json",
    "Periksa": "Check", "Hasil pemeriksaan": "Check result", "peringatan": "warning",
    "Tidak ada masalah.": "No problems.", "Pasang sebagai versi baru": "Deploy as a new version",
    "dipasang": "deployed", "oleh": "by", "Buka di pemodel": "Open in the modeler", "Unduh BPMN": "Download BPMN",
    "berjalan": "running", "Riwayat": "History", "putar ulang pada diagram": "replay on the diagram",
    "Utuh": "Intact",
    "rantai hash dan putar ulang cocok untuk semua %(n)s kejadian.": "hash chain and replay agree for all %(n)s events.",
    "Tidak cocok pada kejadian": "Mismatch at event", "Waktu": "Time", "Pelaku": "Actor",
    "Berdasarkan": "Entitled by", "Kejadian": "Events", "Data": "Data", "Waktu standar": "Time standard",
    "jam": "hours", "lewat": "late", "Rantai hash": "Hash chain", "Verifikasi semua instans": "Verify all instances",
    "Laporan waktu standar": "Time standards report", "Ekspor log": "Export log", "Semua SOP": "All SOPs",
    "Saring": "Filter", "Status": "State", "Dimulai": "Started", "riwayat": "history", "putar ulang": "replay",
    "Belum ada instans.": "No instances yet.", "Putar ulang": "Replay",
    "Setiap keadaan dihitung ulang dengan menjalankan kembali instans dari versi definisinya sampai kejadian tersebut.":
        "Each state is recomputed by re-running the instance from its definition version up to that event.",
    "Sebelumnya": "Previous", "Berikutnya": "Next", "Tampilkan": "Show", "selesai": "done", "aktif": "active",
    "lewat waktu": "overdue", "Data pada titik ini": "Data at this point", "Aktif": "Active", "Sampai": "Until",
    "Langkah": "Step", "Peran": "Role", "Median (jam)": "Median (hours)", "Standar": "Standard",
    "Terlambat": "Overdue", "Belum ada langkah selesai pada rentang ini.": "No step finished in this range.",
    "Verifikasi": "Verification", "instans utuh (rantai hash dan putar ulang cocok).": "instances intact (hash chain and replay agree).",
    "utuh": "intact", "kejadian": "events", "TIDAK COCOK pada kejadian": "MISMATCH at event", "Masuk": "Log in",
    "Prosedur Sat Binmas sebagai alur kerja: tugas peran Anda, formulir, dan jejak audit.":
        "Sat Binmas procedures as workflows: your role's tasks, forms and an audit trail.",
    "Nama pengguna": "Username", "Kata sandi": "Password", "Instans SOP": "SOP instances",
    "Semua status": "All states", "galat": "error", "SOP": "SOP", "versi": "version", "dimulai": "started",
    "riwayat audit": "audit history", "Diagram SOP": "SOP diagram",
    "Diagram memerlukan JavaScript; daftar di bawah memuat hal yang sama.": "The diagram needs JavaScript; the lists below hold the same facts.",
    "Menunggu": "Waiting on", "dikerjakan oleh": "being done by", "pemegang peran": "role holders",
    "(belum ada pengguna)": "(no user yet)", "batas": "due", "Tidak ada tugas terbuka.": "No open tasks.",
    "Dokumen": "Documents", "Belum ada dokumen.": "No documents yet.", "Mulai": "Start",
    "Tidak ada SOP yang dimulai oleh peran Anda.": "No SOP is started by your roles.",
    "Tambah baris": "Add a row", "Lampiran": "Attachment",
    "PDF, foto, atau dokumen kantor; paling besar 10 MB per berkas.": "PDF, photo or office document; at most 10 MB per file.",
    "Terlambat, dilaporkan kepada Anda": "Overdue, reported to you", "belum diambil": "not claimed",
    "diambil": "claimed", "segera": "due soon", "Halaman %(page)s dari %(pages)s": "Page %(page)s of %(pages)s",
    "Tidak ada tugas untuk peran Anda saat ini.": "No tasks for your roles right now.",
    "lihat instans": "see the instance", "Uraian SOP": "SOP text", "Ambil tugas": "Claim task",
    "Alasan (opsional)": "Reason (optional)", "Alasan melepas": "Reason for releasing", "Lepas tugas": "Release task",
    "Limpahkan": "Delegate", "Kepada": "To", "Pengguna lain": "Other users", "Limpahkan tugas": "Delegate task",
    "Periksa isian yang ditandai.": "Check the marked fields.", "Selesaikan tugas": "Complete task",
    "Tugas ini hanya dapat dilihat.": "This task can only be viewed.",
    # local time, SLA report
    "Selesai: waktu dari tugas siap sampai selesai. Terbuka: umur tugas yang belum selesai sampai sekarang. Terlambat menghitung yang selesai lewat batas dan yang masih terbuka melewati batas.":
        "Completed: time from the task being ready to done. Open: age of unfinished tasks until now. Overdue counts those completed past the due time and those still open past it.",
    "Selesai": "Completed", "Terbuka": "Open", "Median umur (jam)": "Median age (hours)",
    "tanpa waktu standar": "no time standard", "tidak dinilai": "not assessed",
    "%(late)s selesai terlambat, %(open)s terbuka lewat batas": "%(late)s completed late, %(open)s open past due",
    "Belum ada langkah pada rentang ini.": "No steps in this range.",
    # auditor pages in words
    "SOP dimulai": "SOP started", "Tugas siap": "Task ready", "Tugas diambil": "Task claimed",
    "Tugas dilepas": "Task released", "Tugas dilimpahkan": "Task delegated", "Tugas diselesaikan": "Task completed",
    "Tugas dibatalkan": "Task cancelled", "Waktu standar terlewati": "Time standard passed", "Keputusan": "Decision",
    "SOP selesai": "SOP finished", "Galat": "Error", "Dipindah ke versi baru": "Moved to a new version",
    "Ya": "Yes", "Tidak": "No", "berkas tanpa nama": "unnamed file", "delegasi dari %(user)s": "delegated by %(user)s",
    "sistem (waktu standar)": "system (time standard)", "sebagai": "as",
    # forms
    "Hapus baris": "Remove row", "Tetap lampirkan": "Keep attached",
    "Hilangkan centang untuk melepas berkas ini.": "Untick to remove this file.",
    # states and error pages
    "Permintaan tidak sah": "Bad request", "siap": "ready", "dibatalkan": "cancelled", "menunggu": "waiting", "ditangguhkan": "suspended",
    "Perlu masuk": "Login required", "Cara akses tidak diizinkan": "Method not allowed",
    "Data ini sudah diubah orang lain. Muat ulang halaman.": "Someone else changed this meanwhile. Reload the page.",
    "Isian tidak dapat diproses.": "The input cannot be processed.",
    "Terlalu banyak percobaan": "Too many attempts", "Terjadi kesalahan": "Something went wrong",
    "Terjadi kesalahan pada server. Coba lagi; bila berulang, laporkan kepada admin.":
        "The server ran into an error. Try again; if it keeps happening, tell the administrator.",
    "Layanan tidak tersedia": "Service unavailable",
    "Layanan sedang tidak tersedia; coba lagi sebentar lagi.": "The service is unavailable right now; try again in a moment.",
    # diagrams
    "Lihat diagram": "Show the diagram", "berikutnya": "next",
    # the analyst's workbench
    'Tuliskan alasan pemindahan; alasan dicatat di log audit.': 'Write the reason for the move; it is recorded in the audit log.',
    'Sebagian instans yang dipilih tidak dapat dipindah.': 'Some of the chosen instances cannot be moved.',
    'Konfirmasi jumlah instans tidak cocok (%(n)s dipilih); periksa lagi lalu konfirmasi.': 'The confirmed number of instances does not match (%(n)s chosen); check again, then confirm.',
    'Lampiran tidak dapat diunggah dalam uji coba.': 'Attachments cannot be uploaded in a trial run.',
    '%(what)s bukan JSON yang sah: baris %(line)s kolom %(col)s: %(msg)s': '%(what)s is not valid JSON: line %(line)s column %(col)s: %(msg)s',
    'UI Schema harus berupa objek JSON': 'The UI schema must be a JSON object',
    'JSON Schema kosong': 'The JSON Schema is empty',
    'Formulir tidak dapat ditampilkan: %(e)s': 'The form cannot be shown: %(e)s',
    'dihapus (digambar pada versi lama)': 'removed (drawn on the old version)',
    'yang dihapus': 'what was removed',
    'tugas, peristiwa dan gerbang menurut id: nama, jenis, lajur, formulir, waktu standar, dokumentasi': 'tasks, events and gateways by id: name, type, lane, form, time standard, documentation',
    'alur urutan menurut id: sumber, tujuan, nama, syarat dan tanda alur bawaan': 'sequence flows by id: source, target, name, condition and the default mark',
    'Tidak ada yang ditambah, dihapus atau diubah. Dibandingkan: %(what)s.': 'Nothing added, removed or changed. Compared: %(what)s.',
    'Dibandingkan: %(what)s.': 'Compared: %(what)s.',
    'Tidak ada lajur yang ditambah atau dihapus. Dibandingkan: nama lajur.': 'No lane added or removed. Compared: lane names.',
    'Tidak ada formulir yang ditambah, dihapus atau diubah. Dibandingkan: isi JSON Schema dan UI schema yang dipakai tiap versi.': 'No form added, removed or changed. Compared: the content of the JSON Schemas and UI schemas each version uses.',
    'Tidak ada waktu standar yang berubah. Dibandingkan: durasi pengatur waktu batas tiap tugas.': "No time standard changed. Compared: the duration of each task's boundary timer.",
    'Pilih': 'Choose',
    'Alasan yang dicatat di log audit': 'Reason recorded in the audit log',
    'Alasan pemindahan (dicatat di log audit)': 'Reason for the move (recorded in the audit log)',
    'Konfirmasi: ketik jumlah instans yang akan dipindah': 'Confirm: type the number of instances to move',
    'Pindahkan instans terpilih': 'Move the chosen instances',
    'Periksa dan pasang versi baru…': 'Check and deploy a new version…',
    'Coba (uji coba tanpa menyimpan)': 'Try it (trial run without saving)',
    'Uji coba': 'Trial run',
    'instans sementara; tidak menyentuh instans, audit atau laporan yang sebenarnya': 'a temporary instance; real instances, the audit log and reports are not touched',
    'Jam uji coba': 'Trial clock',
    'Keadaan': 'State',
    'Majukan jam (jam)': 'Move the clock (hours)',
    'Majukan': 'Move on',
    'Ke batas waktu standar berikutnya': 'To the next time-standard deadline',
    'Akhiri uji coba': 'End the trial run',
    'Formulir langkah': 'Step form',
    'Berkas formulir': 'Form file',
    'Buka': 'Open',
    'Isian rahasia (x-sensitive)': 'Sensitive fields (x-sensitive)',
    'Pratinjau seperti dilihat petugas': 'Preview as staff will see it',
    'Perubahan formulir ikut diperiksa, diuji coba dan dipasang bersama diagram.': 'Form changes are checked, tried and deployed together with the diagram.',
    'Pasang versi baru?': 'Deploy a new version?',
    'Ya, pasang': 'Yes, deploy',
    'Batal': 'Cancel',
    'masalah': 'problems',
    'Memeriksa…': 'Checking…',
    'Pemeriksaan: tidak ada galat.': 'Check: no errors.',
    'Pemeriksaan menemukan galat; versi ini tidak dapat dipasang.': 'The check found errors; this version cannot be deployed.',
    'Instans berjalan yang terdampak (masih di versi lama): ': 'Running instances affected (still on the old version): ',
    'Versi %(v)s dipasang.': 'Version %(v)s deployed.',
    'Tidak ada perubahan; versi %(v)s tetap.': 'No change; version %(v)s stays.',
    'Lihat perbedaan': 'See the differences',
    'Pindahkan instans berjalan': 'Move running instances',
    'Buka versi baru di pemodel': 'Open the new version in the modeler',
    'Elemen (tugas, peristiwa, gerbang)': 'Elements (tasks, events, gateways)',
    'Tidak ada tugas, peristiwa atau gerbang yang ditambah, dihapus atau diubah (dibandingkan menurut id).': 'No task, event or gateway added, removed or changed (compared by id).',
    'Tidak ada alur yang ditambah, dihapus atau diubah (sumber, tujuan, nama, syarat, alur bawaan dibandingkan).': 'No flow added, removed or changed (source, target, name, condition and default compared).',
    'Tidak ada lajur yang ditambah atau dihapus (nama lajur dibandingkan).': 'No lane added or removed (lane names compared).',
    'Tidak ada formulir yang ditambah, dihapus atau diubah (isi JSON Schema dibandingkan).': 'No form added, removed or changed (JSON Schema content compared).',
    'Tidak ada waktu standar yang berubah (durasi pengatur waktu tiap tugas dibandingkan).': "No time standard changed (each task's timer duration compared).",
    'Perbedaan dengan versi berjalan': 'Differences from the running version',
    'Selesai: instans uji coba mencapai akhir.': 'Done: the trial instance reached its end.',
    'tidak ada waktu standar berjalan': 'no time standard running',
    'batas waktu berikutnya: ': 'next deadline: ',
    'Selesaikan langkah (uji coba)': 'Complete the step (trial)',
    'pengatur waktu berbunyi: ': 'timers fired: ',
    'Skema sah.': 'Valid schema.',
    'Pilih tugas pengguna atau ketik jalur formulir.': 'Select a user task or type a form path.',
    'Perbaiki galat dulu sebelum uji coba:': 'Fix the errors before a trial run:',
    "minggu": "weeks", "hari": "days", "menit": "minutes", "detik": "seconds",
}


sys.path.insert(0, str(HERE))
from english_staff import ENGLISH_STAFF  # noqa: E402

ENGLISH.update(ENGLISH_STAFF)


def main() -> int:
    pot = WEBUI / "messages.pot"
    # no source locations: the catalog then changes only when a message does, not when code moves
    subprocess.run([sys.executable, "-m", "babel.messages.frontend", "extract", "-F", str(WEBUI / "babel.cfg"),
                    "--no-location", "-k", "_", "-k", "gettext", "-o", str(pot), "."],
                   check=True, capture_output=True, cwd=WEBUI)
    with pot.open("rb") as handle:
        catalog = read_po(handle, locale="en")
    missing = []
    for message in catalog:
        if message.id:
            text = ENGLISH.get(message.id if isinstance(message.id, str) else message.id[0])
            if text is None:
                missing.append(message.id)
            else:
                message.string = text
    out = HERE / "en" / "LC_MESSAGES"
    out.mkdir(parents=True, exist_ok=True)
    with (out / "messages.po").open("wb") as handle:
        write_po(handle, catalog, width=100)
    with (out / "messages.mo").open("wb") as handle:
        write_mo(handle, catalog)
    pot.unlink()
    for msgid in missing:
        print(f"no English for: {msgid!r}", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
