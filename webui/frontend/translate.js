// bpmn-js and its properties panel in Bahasa Indonesia: their ``translate`` service, replaced.
// Only the words an analyst meets on sopflow's BPMN panel; anything else stays as bpmn-js writes it.
const ID = {
  "General": "Umum", "Name": "Nama", "ID": "ID", "Documentation": "Dokumentasi",
  "Element documentation": "Dokumentasi elemen", "Process documentation": "Dokumentasi proses",
  "Executable": "Dapat dijalankan", "Version tag": "Tag versi", "Process ID": "ID proses", "Process name": "Nama proses",
  "Timer": "Pewaktu", "Type": "Jenis", "Value": "Nilai", "Date": "Tanggal", "Duration": "Durasi", "Cycle": "Siklus",
  "<none>": "<tidak ada>", "<empty>": "<kosong>", "Condition": "Syarat", "Condition expression": "Ekspresi syarat",
  "Condition Expression": "Ekspresi syarat", "Expression": "Ekspresi", "Script": "Skrip", "Message": "Pesan",
  "Signal": "Sinyal", "Error": "Galat", "Escalation": "Eskalasi", "Link": "Tautan", "Compensation": "Kompensasi",
  "Multi-instance": "Multi-instans", "Loop cardinality": "Jumlah pengulangan", "Completion condition": "Syarat selesai",
  "Called element": "Elemen yang dipanggil", "Extension properties": "Properti tambahan", "Inputs": "Masukan",
  "Outputs": "Keluaran", "Create new ...": "Buat baru ...", "Learn more.": "Selengkapnya.",
  "How to configure a timer": "Cara mengatur pewaktu", "Timer documentation": "Dokumentasi pewaktu",
  "Event type": "Jenis kejadian", "Global message reference": "Rujukan pesan", "Data object reference": "Rujukan objek data",
  "Category": "Kategori", "Link name": "Nama tautan",
  "A time duration defined as ISO 8601 durations format.": "Durasi dalam format ISO 8601.",
  "A specific point in time defined as ISO 8601 combined date and time representation.":
    "Satu titik waktu dalam format tanggal dan jam ISO 8601.",
  "A cycle defined as ISO 8601 repeating intervals format, or a cron expression.":
    "Siklus dalam format interval berulang ISO 8601, atau ekspresi cron.",
  // the panel's header names the element's kind
  "Process": "Proses", "Participant": "Partisipan", "Lane": "Lajur", "Collaboration": "Kolaborasi",
  "Task": "Tugas", "User Task": "Tugas pengguna", "Manual Task": "Tugas manual", "Service Task": "Tugas layanan",
  "Script Task": "Tugas skrip", "Send Task": "Tugas kirim", "Receive Task": "Tugas terima",
  "Business Rule Task": "Tugas aturan bisnis", "Call Activity": "Aktivitas panggil", "Sub Process": "Sub-proses",
  "Start Event": "Kejadian awal", "End Event": "Kejadian akhir", "Intermediate Throw Event": "Kejadian antara (lempar)",
  "Intermediate Catch Event": "Kejadian antara (tangkap)", "Boundary Event": "Kejadian batas",
  "Timer Start Event": "Kejadian awal pewaktu", "Message Start Event": "Kejadian awal pesan",
  "Timer Boundary Event": "Kejadian batas pewaktu", "Timer Boundary Event (Non Interrupting)":
    "Kejadian batas pewaktu (tidak menyela)", "Timer Intermediate Catch Event": "Kejadian antara pewaktu",
  "Error End Event": "Kejadian akhir galat", "Terminate End Event": "Kejadian akhir henti",
  "Exclusive Gateway": "Gerbang eksklusif", "Parallel Gateway": "Gerbang paralel", "Inclusive Gateway": "Gerbang inklusif",
  "Event Based Gateway": "Gerbang berbasis kejadian", "Sequence Flow": "Alur", "Default Flow": "Alur bawaan",
  "Conditional Flow": "Alur bersyarat", "Message Flow": "Alur pesan", "Text Annotation": "Anotasi teks",
  "Data Object Reference": "Rujukan objek data", "Data Store Reference": "Rujukan penyimpanan data", "Group": "Grup"
};

/** The ``translate`` service bpmn-js calls for every word it shows, in ``lang`` ("en" keeps bpmn-js's own). */
export function translateModule(lang) {
  const table = lang === "en" ? {} : ID;
  function translate(template, replacements) {
    replacements = replacements || {};
    return (table[template] || template).replace(/{([^}]+)}/g, (_, key) => replacements[key] || "{" + key + "}");
  }
  return { translate: ["value", translate] };
}
