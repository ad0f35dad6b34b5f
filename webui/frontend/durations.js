// ISO 8601 durations of time standards ("PT1H", "P2D", "P1DT4H") and their plain-words preview.

const PATTERN = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const UNITS = {
  id: ["tahun", "bulan", "minggu", "hari", "jam", "menit", "detik"],
  en: [["year", "years"], ["month", "months"], ["week", "weeks"], ["day", "days"], ["hour", "hours"],
    ["minute", "minutes"], ["second", "seconds"]]
};

/** The numbers of a duration (years … seconds), or null when the text is not an ISO 8601 duration. */
export function parseDuration(text) {
  const m = PATTERN.exec((text || "").trim());
  if (!m || text.trim() === "P" || /T$/.test(text.trim())) { return null; }
  const parts = m.slice(1).map((x) => (x ? parseInt(x, 10) : 0));
  return parts.some((n) => n > 0) ? parts : null;
}

/** "PT1H" -> "1 jam" (id) or "1 hour" (en); "P1DT4H" -> "1 hari 4 jam". */
export function durationWords(text, lang) {
  const parts = parseDuration(text);
  if (!parts) { return null; }
  const words = [];
  parts.forEach((n, i) => {
    if (!n) { return; }
    if (lang === "en") { words.push(n + " " + UNITS.en[i][n === 1 ? 0 : 1]); } else { words.push(n + " " + UNITS.id[i]); }
  });
  return words.join(lang === "en" ? ", " : " ");
}
