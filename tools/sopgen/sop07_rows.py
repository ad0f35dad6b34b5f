"""The rows of SOP-07 Bhabinkamtibmas as the seed writes them (verbatim; whitespace aside).

Rows 1-5 and 11 are missing from the extracted text, the number of row 12 and the text of row 15
(only the word "MENONJOL" survives) too, and row 6 is empty: those rows are rebuilt from the rows
around them and the other SOPs, and carry the mark "disusun ulang" (or "kosong").
"""

from __future__ import annotations

from .seed import Row

REBUILT = "disusun ulang"


def rows() -> dict[str, Row]:
    out = [
        Row("1", "Kasat Binmas menerima Jukrah / STR dari satuan atas tentang pembinaan Bhabinkamtibmas dan memberikan "
                 "disposisi kepada Kanit Bhabinkamtibmas", mark=REBUILT),
        Row("2", "Kanit Bhabinkamtibmas menyiapkan data penugasan dan konsep Surat perintah Bhabinkamtibmas untuk wilayah "
                 "binaan", mark=REBUILT),
        Row("3", "Kasium memproses administrasi (penomoran dan register) Surat perintah Bhabinkamtibmas", mark=REBUILT),
        Row("4", "Kasat Binmas menerima, membaca, mengoreksi dan menandatangani Surat perintah Bhabinkamtibmas",
            mark=REBUILT),
        Row("5", "Kapolsek menerima Surat perintah Bhabinkamtibmas dan memerintahkan Kanit Binmas Polsek untuk "
                 "mendistribusikannya", mark=REBUILT),
        Row("6", "", mark="kosong"),
        Row("7", "Mendistribusikan Surat perintah Bhabinkamtibmas diwilayah binaan masing-masing Bhabinkamtibmas serta "
                 "Jukrah dari satuan atas", "Alat tulis Amplop surat"),
        Row("8", "Menerima Surat perintah kegiatan Pembinaan Bhabinkamtibmas diwilayah binaan masing-masing "
                 "Bhabinkamtibmas"),
        Row("9", "Bhabinkamtibmas harus memiliki pengetahuan yang meliputi karakteristik wilayah penugasan, budaya "
                 "masyarakat setempat, peraturan perundang-undangan, sosiologi masyarakat desa, Polmas, komunikasi "
                 "sosial, bimbingan dan penyuluhan, kepemimpinan dan HAM"),
        Row("10", "Bhabinkamtibmas Mempersiapkan kelengkapan Sarana dan Prasarana Bhabinkamtibmas dilapangan serta "
                  "membuat rencana kegiatan kunjungan mingguan/bulanan",
            "1. Ranmor R2 2. Jas Hujan 3. Spanduk himbauan 4. brosur kamtibmas 5. Blangko kunjungan kpd penduduk "
            "6. Laporan Informasi 7. Blangko Problem Solving 8. Blangko catatan kunjungan 9. Blangko kunjungan tempat "
            "usaha/kantor 10. Alat tulis 11. Camera/HP"),
        Row("11", "Bhabinkamtibmas berkoordinasi dengan tiga pilar (Camat / Lurah / Babinsa) di wilayah binaan sebelum "
                  "melaksanakan kunjungan dan pembinaan", mark=REBUILT),
        Row("12", "Pembinaan dan penyuluhan kepada masyarakat (Binluh) di desa / kelurahan binaan, meliputi butir 1) "
                  "sampai 7)", mark=REBUILT),
        Row("12.1", "Membimbing dan memberikan penyuluhan kpd masyarakat guna meningkatkan partisipasi masyarakat, "
                    "kesadaran hukum masyarakat dan ketaatan warga masyarakat terhadap hukum dan peraturan "
                    "perundan-undangan"),
        Row("12.2", "Membina remaja (pemuda/pemudi), anak-anak dan pelajar/mahasiswa agar terhindar dari pengaruh buruh "
                    "yang ditimbulkan oleh perubahan pranata sosial sebagai akibat dari globalisasi budaya"),
        Row("12.3", "Membina dan memberikan penyuluhan tentang bahaya narkoba dan kenakalan remaja kpd pemuda/remaja agar "
                    "generasi muda tidak menjadi korban maupun pelaku"),
        Row("12.4", "Membimbing dan memberikan penyuluhan kepada masyarakat didesa, agar masyarakat tidak terpengaruh oleh "
                    "orang/kelompok tidak dikenal yang menawarkan kesempatan kerja disuatu tempat baik didalam/luar "
                    "negeri."),
        Row("12.5", "Membina dan melatih para petugas keamanan didesa/kelurahan binaannya"),
        Row("12.6", "Menghadiri setiap kegiatan/keramaian yang ada didesa/kelurahan binaannya"),
        Row("12.7", "Menyampaikan pesan-pesan kamtibmas kepada masyarakat yang kondusif melalui peran aktif segenap "
                    "potensi yang ada didalam masyarakat"),
        Row("13", "Pembinaan Keamanan Swakarsa dengan kegiatan sebagai berikut :"),
        Row("13.1", "Melakukan tatap muka, kunjungan / sambaing, penyuluhan langsung, latihan-latihan dalam rangka "
                    "membimbing masyarakat melaksanakan system keamanan lingkungan"),
        Row("13.2", "Melatih Satkamling/system Pengamanan lingkungan desa/kelurahan"),
        Row("13.3", "Membimbing dan memberikan arahan tentang keikutsertaan masyarakat dalam kegiatan keamanan swakarsa"),
        Row("13.4", "Memberikan penyuluhan dan penyegaran kepada petugas keamanan lingkungan yang bertugas diwilayahnya"),
        Row("13.5", "Membangun dan membedayakan Siskamling yang ada didesa/kelurahannya"),
        Row("13.6", "Memberikan himbauan kepada warga masyarakat untuk mengamankan rumah lingkungan masing-masing"),
        Row("13.7", "Mengunjungi bentuk pengamanan swakarsa, melakukan komunikasi, menerima keluhan dan informasi serta "
                    "membantu penyelesaian masalah yang dihadapi sebatas kemampuannya"),
        Row("13.8", "Menjalin komunikasi, membangun kerjasama dengan Satpam maupun Pengguna Satpam yang ada diwilayahnya."),
        Row("14", "Pembinaan Pemolisian Masyarakat dengan kegiatan sebagai berikut :"),
        Row("14.1", "Mendorong terbentuknya forum-forum kemitraan lingkup desa/kelurahannya masing-masing"),
        Row("15", "MENONJOL: Penanganan kejadian menonjol di wilayah binaan: Bhabinkamtibmas menerima atau menemukan "
                  "kejadian dan mengenali jenisnya (A. Bencana Alam, B. Konflik sosial, Kasus Pidana)", mark=REBUILT),
        Row("16", "A. Bencana Alam :"),
        Row("16.1", "Dalam situasi bencana, bhabinkamtibmas bersama dengan aparat lainnya memberikan peringatan dini, "
                    "route/jalur evakuasi, dan tempat pengungsian (bila harus mengungsi) dan prosedur keselamatan/keamanan "
                    "jiwa dan harta benda"),
        Row("16.2", "Membantu evakuasi korban ketempat pengungsian/rumah sakit"),
        Row("16.3", "Membentuk kelompok warga untuk pengamanan lingkungan"),
        Row("16.4", "Mendata warga yang mengungsi, sakit, luka-luka mempunyai kebutuhan khusus/ kelompok rentan "
                    "berdasarkan tempat pengungsian/ tempat evakuasi"),
        Row("16.5", "Membantu menyalurkan bantuan kepada para korban"),
        Row("17", "Pra Konflik Sosial :"),
        Row("17.1", "Memelihara kondisi damai dalam masyarakat dengan cara : a) Mengembangkan sikap toleransi dan saling "
                    "menghormati kebebasan menjalankan ibadah sesuai dengan agama dan kepercayaannya masing-masing b) "
                    "Menghormati perbedaan suku, bahasa dan adat istiadat antar warga c) Menghargai hak, pendapat, "
                    "kebebasan orang lain d) Mengembangkan rasa kesatuan dan persatuan bangsa e) Menghormati hak atas "
                    "kepemilikan orang/pihak lain yang dijamin dan dilindungi UU f) Mengembangkan komunikasi lintas "
                    "budaya, suku, agama dalam bentuk forum atau kegiatan sosial bersama g) Mengembangkan sikap saling "
                    "gotong royong dalam berbagai kegiatan walaupun dalam kelompok yang berbeda h) Menumbuh kembangkan "
                    "sikap dan rasa kesetiakawanan sosial dan saling membantu terhadap sesama yang memerlukan bantuan / "
                    "terkena musibah"),
        Row("17.2", "Mengembangkan system penyelesaian perselisihan secara damai melalui musyawarah untuk mufakat dengan "
                    "tidak melanggar hukum"),
        Row("17.3", "Meredam potensi konflik dengan cara : a) Memanfaatkan forum diskusi untuk mencari solusi terhadap "
                    "permasalahan dengan melibatkan toga, tomas, todat dan toda b) Membangun kemitraan dengan berbagai "
                    "komutas dalam masyarakat melalui penerapan Polmas guna mengeliminir potensi konflik c) Melaporkan "
                    "kepada Pimpinan agar pelanggaran yang terjadi didesa/kelurahan tempatnya bertugas diproses hukum "
                    "secara tegas non diskriminatif serta menghormati HAM"),
        Row("17.4", "Membangun system peringatan dini konflik : a) Mencatat dan melaporkan kepada Pimpinan apabila ada "
                    "organisasi/LSM yang mencurigakan dan dapat memperkeruh/ mendorong terjadinya konflik b) Membangun "
                    "komunikasi intensif melalui jejaring sosial guna memperluas jaringan informasi c) Meningkatkan "
                    "sambang kampung/desa"),
        Row("18", "SAAT KONFLIK"),
        Row("18.1", "Menghentikan konflik melalui mediasi para pihak"),
        Row("19.1", "Melakukan kegiatan rekonsiliasi meliputi : a) Mediasi perundingan damai secara permanen dengan "
                    "mengajak para pihak yang berperan dalam konflik untuk berdamai dan merumuskan butir-butir "
                    "kesepakatan perdamaian dengan melibatkan tokoh-tokoh berpengaruh yang diterima para pihak yang "
                    "berkonflik b) Memfasilitasi pemberian restitusi baik yang dilakukan pemerintah, Pemda ataupun pihak "
                    "lain."),
        Row("19.2", "Melakukan kegiatan rehabilitasi meliputi : a) Pemulihan situasi keamanan dan ketertiban masyarakat "
                    "melalui kegiatan pengawasan dan pengamanan ditempat konflik, melakukan kegiatan sambang kepada para "
                    "pihak yang berkonflik dan meningkatkan kegiatan Polmas ditempat konflik b) Melakukan kegiatan bakti "
                    "sosial dan kesehatan ditempat konflik c) Memperbanyak kegiatan simpatik melalui acara kesenian, "
                    "keagamaan, kerja bakti, olahraga bersama dan kegiatan sosial lainnya d) Membantu proses pengembalian "
                    "dan pemulihan asset korban konflik"),
        Row("20", "KASUS PIDANA"),
        Row("20.1", "menerima dan mencatat laporan / pengaduan"),
        Row("20.2", "Mendatangi dan mengamankan TKP"),
        Row("20.3", "Melaporkan kejadian kepada pimpinan (melalui alata komunikasi"),
        Row("20.4", "Melakukan TPTKP : a) Menjaga status quo (keutuhan dan keaslian TKP) b) Menolong korban c) Memasang "
                    "police line d) Mengamankan tersangka dan barang bukti"),
        Row("20.5", "Menyerahkan TKP kepada petugas olah TKP"),
        Row("20.6", "Membantu kelancaran proses penyidikan (misalnya mengerahkan saksi/ tersangka)"),
        Row("21", "Tahap Akhir Tahap akhir dalam pelaksanaan kegiatan bhabinkamtibmas antara lain:"),
        Row("21.a", "Analisa dan evaluasi kegiatan Bhabinkamtibmas dilaksanakan melalui tahapan: 1) Pemantauan; 2) "
                    "Pencatatan; 3) Penilaian; dan 4) Pelaporan berdasarkan hasil."),
        Row("21.b", "Pemantauan dimulai sejak awal kegiatan, selama proses kegiatan berlangsung, dan setelah kegiatan "
                    "dengan tujuan sasaran tercapai."),
        Row("21.c", "Pencacatan yang merupakan umpan balik untuk mengetahui informasi kemajuan kegiatan."),
        Row("21.d", "Penilaian merupakan kegiatan yang dilakukan dari awal sampai dengan akhir untuk mengetahui "
                    "pencapaian target yang telah ditetapkan."),
        Row("21.e", "Membuat Pelaporan lengkap yang didasarkan pada hasil pemantauan, pencatatan, dan penilaian diajukan "
                    "kepada pimpinan sesaat setelah kegiatan selesai dilaksanakan yang dilengkapi antara lain : 1) foto – "
                    "foto dokumentasi kegiatan 2) Pengisian Blangko kunjungan ke tempat usaha/kantor 3) Pengisian "
                    "Blangko kunjungan kepada penduduk 4) Laporan hasil pemecahan masalah 5) Memiliki Data-data intel "
                    "dasar diwilayah binaan"),
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
    return {r.key: r for r in out}
