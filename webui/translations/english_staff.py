"""English for the staff pages' messages: task context, titles, search, drafts, delegation, notifications."""

ENGLISH_STAFF = {
    "SOP dimulai: %(title)s": "SOP started: %(title)s",
    "Pengaturan pemberitahuan disimpan.": "Notification settings saved.",
    "Draf dibuang.": "Draft discarded.",
    "Draf disimpan. Anda dapat melanjutkannya nanti.": "Draft saved. You can continue later.",
    "SOP ini selesai.": "This SOP is finished.",
    "Diteruskan ke: %(steps)s.": "Passed on to: %(steps)s.",
    "Pemberitahuan": "Notifications", "Pemberitahuan lewat e-mail": "E-mail notifications",
    "Alamat e-mail": "E-mail address", "Kosongkan bila tidak ingin menerima e-mail.": "Leave empty to receive no e-mail.",
    "Beri tahu saya bila": "Tell me when", "tugas baru tiba untuk peran saya": "a new task arrives for my role",
    "tugas dilimpahkan kepada saya": "a task is delegated to me",
    "batas waktu tugas saya kurang dari sehari": "a task of mine is due within a day",
    "tugas terlambat dilaporkan kepada saya": "a late task is escalated to me",
    "Kirim sekali sehari sebagai ringkasan": "Send once a day as a digest", "Simpan": "Save",
    "Cari": "Search", "judul, desa, nomor surat…": "title, village, letter number…", "Saringan lain": "More filters",
    "Ada yang lewat waktu": "Something overdue", "Diambil oleh saya": "Claimed by me",
    "Dilimpahkan kepada saya": "Delegated to me", "Urutkan": "Sort", "terbaru dimulai": "newest started",
    "batas waktu terdekat": "nearest due time", "Perkara": "Case", "Langkah saat ini": "Current step",
    "menunggu": "waiting on", "Judul perkara": "Case title",
    "mis. Konflik lahan RW 05 Kel. Sukamaju": "e.g. Konflik lahan RW 05 Kel. Sukamaju",
    "Judul membedakan perkara ini dari yang lain di daftar tugas. Bila dikosongkan, judul dibentuk dari isian "
    "langkah pertama (bila SOP mengaturnya).":
        "The title tells this case apart from others in the task lists. Left empty, it is built from the first "
        "steps' forms (when the SOP defines how).",
    "Mulai %(name)s (versi %(version)s) sekarang?": "Start %(name)s (version %(version)s) now?",
    "Ya, mulai": "Yes, start", "Batal": "Cancel", "lampiran": "attachment", "unduh": "download",
    "Ya": "Yes", "Tidak": "No",
    "Dilimpahkan kepada Anda oleh %(user)s": "Delegated to you by %(user)s",
    "Dilimpahkan oleh %(user)s": "Delegated by %(user)s",
    "Dikembalikan untuk diperbaiki oleh %(user)s": "Returned for correction by %(user)s",
    "Yang dikerjakan langkah ini": "What this step works on", "Data awal": "Starting data",
    "versi sebelumnya": "earlier version", "revisi ke-%(n)s": "revision %(n)s", "Tanpa isian.": "No entries.",
    "Riwayat singkat": "Short history", "memulai SOP": "started the SOP", "mengambil": "claimed",
    "melepas": "released", "melimpahkan": "delegated", "menyelesaikan": "completed",
    "dipindah ke versi baru": "moved to a new version", "Semua": "All", "Batas waktu": "Due",
    "kurang dari sehari": "within a day", "tanpa batas": "no due time", "SOP terbaru dimulai": "newest SOP started",
    "tugas terbaru": "newest task", "Tugas ini sudah berubah": "This task has changed",
    "Tugas ini sudah diselesaikan oleh %(user)s pada %(when)s UTC.":
        "This task was already completed by %(user)s at %(when)s UTC.",
    "Tugas ini sedang dikerjakan oleh %(user)s.": "%(user)s is working on this task.",
    "Tugas ini sudah tidak aktif lagi.": "This task is no longer active.",
    "Isian Anda tidak dikirim, tetapi masih ada di bawah ini: salin bila masih diperlukan.":
        "Your entries were not sent, but they are still below: copy them if you still need them.",
    "— pilih penerima —": "— choose who receives it —",
    "Tidak ada orang lain yang memegang peran tugas ini.": "Nobody else holds this task's role.",
    "Draf tersimpan %(when)s UTC dimuat ke formulir.": "The draft saved %(when)s UTC is loaded into the form.",
    "Buang draf": "Discard draft",
    "Ada isian yang belum terkirim di perangkat ini (disimpan %(when)s).":
        "This device holds entries that were not sent (kept %(when)s).",
    "Pulihkan isian": "Restore entries", "Buang": "Discard", "Simpan draf": "Save draft",
}
