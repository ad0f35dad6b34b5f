// The modeler's own words, in Bahasa Indonesia (default) and English.
const WORDS = {
  id: {
    step: "SOP: langkah", form: "Formulir (JSON Schema)", formHelp: "Jalur di folder forms/, mis. sop01/konsep.schema.json",
    formBad: "Harus berakhir dengan .schema.json dan tanpa '..'", due: "Waktu standar (ISO 8601)",
    dueBad: "Bukan durasi ISO 8601 (mis. PT1H, P2D, P1DT4H)", dueNone: "Tanpa waktu standar",
    notes: "Catatan ASUMSI", notesHelp: "Tiap baris disimpan di dokumentasi sebagai \"ASUMSI: …\"",
    lane: "SOP: lajur", role: "Peran (processes/roles.toml)", roleNone: "— tidak terdaftar —",
    roleHelp: "Nama lajur menentukan peran yang menerima pekerjaannya",
    flow: "SOP: syarat", condition: "Syarat (bahasa ekspresi sopflow)", conditionHelp: "mis. keputusan == \"setuju\"",
    checking: "memeriksa…", valid: "Syarat sah", isDefault: "Alur bawaan gerbang",
    process: "SOP: proses", title: "Templat judul instans", titleHelp: "mis. Surat {nomor_surat}",
    gateway: "SOP: gerbang", sensitive: "Isian rahasia (x-sensitive)", sensitiveNone: "tidak ada",
    sensitiveHelp: "Ditandai di editor formulir di bawah diagram (\"x-sensitive\": true di JSON Schema)"
  },
  en: {
    step: "SOP: step", form: "Form (JSON Schema)", formHelp: "Path in the forms/ folder, e.g. sop01/draft.schema.json",
    formBad: "Must end with .schema.json and contain no '..'", due: "Time standard (ISO 8601)",
    dueBad: "Not an ISO 8601 duration (e.g. PT1H, P2D, P1DT4H)", dueNone: "No time standard",
    notes: "ASUMSI notes (assumptions)", notesHelp: "Each line is kept in the documentation as \"ASUMSI: …\"",
    lane: "SOP: lane", role: "Role (processes/roles.toml)", roleNone: "— not registered —",
    roleHelp: "The lane's name decides which role receives its work",
    flow: "SOP: condition", condition: "Condition (sopflow expression language)", conditionHelp: "e.g. keputusan == \"setuju\"",
    checking: "checking…", valid: "Valid condition", isDefault: "Default flow of the gateway",
    process: "SOP: process", title: "Instance title template", titleHelp: "e.g. Letter {nomor_surat}",
    gateway: "SOP: gateway", sensitive: "Sensitive fields (x-sensitive)", sensitiveNone: "none",
    sensitiveHelp: "Ticked in the form editor under the diagram (\"x-sensitive\": true in the JSON Schema)"
  }
};

export function words(lang) {
  return WORDS[lang === "en" ? "en" : "id"];
}
