"""The checker's words in both languages: what each kind of problem means in Bahasa Indonesia, and,
for BPMN the engine does not run, what it is and what to draw instead (English and Indonesian)."""

from __future__ import annotations

#: What each kind of problem means, in Bahasa Indonesia; the English message carries the detail.
MEANING_ID = {
    "ui_context": "Konteks tugas (ui:context) menyebut langkah yang tidak ada",
    "xml": "Berkas bukan XML yang sah, terlalu besar, atau ditolak demi keamanan (DOCTYPE / ENTITY)",
    "not_bpmn": "Bukan dokumen BPMN 2.0",
    "xsd": "Tidak sesuai skema BPMN 2.0",
    "not_executable": "Tidak dapat dijalankan: tidak ada proses yang ditandai dapat dijalankan",
    "descriptive": "Kolam deskriptif (isExecutable=\"false\"): hanya digambar, tidak dijalankan",
    "duplicate_id": "Id dipakai dua kali",
    "duplicate_process": "Id proses sudah dipakai berkas lain",
    "dangling_flow": "Alur menunjuk elemen yang tidak ada",
    "outside_lane": "Elemen tidak berada di lajur mana pun",
    "no_lanes": "Tidak dapat dijalankan: proses tanpa lajur",
    "no_start": "Tidak dapat dijalankan: tidak ada peristiwa mulai",
    "lane_role": "Lajur tidak terdaftar di processes/roles.toml",
    "form_missing": "Tugas pengguna tanpa formulir",
    "form_invalid": "Formulir tidak ditemukan atau bukan JSON Schema yang sah",
    "form_inputs": "Masukan formulir (formInputs) tidak sah",
    "gateway_condition": "Alur keluar gerbang tanpa syarat dan bukan alur bawaan",
    "expression": "Syarat di luar bahasa ekspresi yang diizinkan",
    "timer": "Waktu standar di luar bahasa ekspresi yang diizinkan",
    "unsupported": "Unsur BPMN ini tidak dijalankan oleh mesin",
    "vendor": "Atribut khusus Camunda tidak dipakai sopflow",
    "stale_decision": "Keputusan gerbang bisa berasal dari langkah sebelumnya (isian tidak wajib)",
    "unreachable": "Tidak dapat dicapai dari peristiwa mulai",
    "dead_end": "Jalan buntu: tidak menuju peristiwa akhir",
    "no_di": "Berkas tanpa gambar diagram (DI)",
    "missing_di": "Elemen tanpa gambar di diagram",
    "engine": "Mesin tidak dapat menjalankan proses ini",
    "internal": "Pemeriksa gagal membaca berkas ini",
}

#: kind -> (what it is, what to use instead), in English and in Bahasa Indonesia
UNSUPPORTED: dict[str, tuple[str, str, str, str]] = {
    "scriptTask": (
        "script tasks are not run (no code runs inside a process)",
        "use a user task for work a person does, or a gateway condition for a decision",
        "tugas skrip tidak dijalankan (tidak ada kode yang berjalan di dalam proses)",
        "gunakan tugas pengguna untuk pekerjaan petugas, atau syarat gerbang untuk keputusan"),
    "serviceTask": (
        "service tasks are not run (the engine calls no outside system)",
        "use a user task in which staff do the step and record its result in the form",
        "tugas layanan tidak dijalankan (mesin tidak memanggil sistem luar)",
        "gunakan tugas pengguna: petugas mengerjakan langkah itu dan mencatat hasilnya di formulir"),
    "sendTask": (
        "send tasks are not run (the engine sends nothing outside)",
        "use a user task in which staff send the letter or message and record it",
        "tugas kirim tidak dijalankan (mesin tidak mengirim apa pun ke luar)",
        "gunakan tugas pengguna: petugas mengirim surat atau pesan lalu mencatatnya"),
    "receiveTask": (
        "receive tasks are not run",
        "use an intermediate message catch event (answered with `sopflow message`)",
        "tugas terima tidak dijalankan",
        "gunakan peristiwa tangkap pesan (dijawab dengan `sopflow message`)"),
    "businessRuleTask": (
        "business-rule (DMN) tasks are not run",
        "use an exclusive gateway whose outgoing flows carry the conditions",
        "tugas aturan bisnis (DMN) tidak dijalankan",
        "gunakan gerbang eksklusif dengan syarat pada alur keluarnya"),
    "complexGateway": (
        "complex gateways are not run",
        "use an inclusive or exclusive gateway with conditions",
        "gerbang kompleks tidak dijalankan",
        "gunakan gerbang inklusif atau eksklusif dengan syarat"),
    "transaction": (
        "transaction sub-processes are not run",
        "use an embedded sub-process with an error boundary event for the failure path",
        "sub-proses transaksi tidak dijalankan",
        "gunakan sub-proses tertanam dengan peristiwa batas galat untuk jalur gagal"),
    "adHocSubProcess": (
        "ad-hoc sub-processes are not run",
        "use a parallel gateway, or an embedded sub-process with the steps in order",
        "sub-proses ad-hoc tidak dijalankan",
        "gunakan gerbang paralel, atau sub-proses tertanam dengan langkah berurutan"),
    "dataStoreReference": (
        "data stores are not run (the engine reads and writes no outside store)",
        "record the data in the task's form; forms are kept with every step",
        "penyimpanan data tidak dijalankan (mesin tidak membaca atau menulis penyimpanan luar)",
        "catat datanya di formulir tugas; formulir tersimpan di setiap langkah"),
    "dataAssociation": (
        "data associations are not run (a data object would take a value out of the step's own data and fail "
        "when the step has no field of the data object's id)",
        "keep the data object as a drawing without associations; a step's data is its form, and a later step "
        "reads an earlier one through formInputs",
        "asosiasi data tidak dijalankan (objek data akan mengambil nilai dari data langkah dan gagal bila langkah "
        "tidak punya isian dengan id objek data itu)",
        "biarkan objek data sebagai gambar tanpa asosiasi; data langkah adalah formulirnya, dan langkah berikutnya "
        "membaca langkah sebelumnya lewat formInputs"),
    "signalEventDefinition": (
        "signal events are not run",
        "use a message event (sent with `sopflow message`)",
        "peristiwa sinyal tidak dijalankan",
        "gunakan peristiwa pesan (dikirim dengan `sopflow message`)"),
    "conditionalEventDefinition": (
        "conditional events are not run",
        "use an exclusive gateway after the user task that records the condition",
        "peristiwa bersyarat tidak dijalankan",
        "gunakan gerbang eksklusif setelah tugas pengguna yang mencatat syaratnya"),
    "compensateEventDefinition": (
        "compensation is not run",
        "draw the undoing steps as user tasks on an error boundary path",
        "kompensasi tidak dijalankan",
        "gambarkan langkah pembatalan sebagai tugas pengguna pada jalur batas galat"),
    "cancelEventDefinition": (
        "cancel events (of transactions) are not run",
        "use an error end event caught by an error boundary event",
        "peristiwa batal (transaksi) tidak dijalankan",
        "gunakan peristiwa akhir galat yang ditangkap peristiwa batas galat"),
    "messageThrow": (
        "throwing a message is not run (the engine sends nothing outside)",
        "use a user task in which staff send the message and record it",
        "melempar pesan tidak dijalankan (mesin tidak mengirim apa pun ke luar)",
        "gunakan tugas pengguna: petugas mengirim pesan lalu mencatatnya"),
    "standardLoopCharacteristics": (
        "loop markers are not run",
        "draw the loop with an exclusive gateway that flows back",
        "penanda perulangan tidak dijalankan",
        "gambarkan perulangan dengan gerbang eksklusif yang mengalir kembali"),
    "multiInstanceElsewhere": (
        "multi-instance is run on user tasks only",
        "put the repeated work in a multi-instance user task",
        "multi-instans hanya dijalankan pada tugas pengguna",
        "letakkan pekerjaan berulang pada tugas pengguna multi-instans"),
    "preScript": (
        "spiffworkflow:preScript is not run (no code runs inside a process)",
        "remove it; use form fields, declared formInputs or a gateway condition",
        "spiffworkflow:preScript tidak dijalankan (tidak ada kode yang berjalan di dalam proses)",
        "hapus; gunakan isian formulir, formInputs, atau syarat gerbang"),
    "postScript": (
        "spiffworkflow:postScript is not run (no code runs inside a process)",
        "remove it; use form fields or a gateway condition",
        "spiffworkflow:postScript tidak dijalankan (tidak ada kode yang berjalan di dalam proses)",
        "hapus; gunakan isian formulir atau syarat gerbang"),
}


def unsupported(kind: str) -> tuple[str, str]:
    """(English message, Indonesian message) for an element kind the engine does not run."""
    what, instead, what_id, instead_id = UNSUPPORTED[kind]
    return f"{what}: {instead}", f"{what_id}: {instead_id}"
