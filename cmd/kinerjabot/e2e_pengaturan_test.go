package main

import (
	"context"
	"strings"
	"testing"

	"kinerjabot/telegramtest"
)

// pressEdits presses label on m and returns the message once the bot has
// edited it so that its text or one of its buttons contains want.
func pressEdits(t *testing.T, u *telegramtest.User, m telegramtest.Message, label, want string) telegramtest.Message {
	t.Helper()
	press(t, u, m, label)
	var cur telegramtest.Message
	eventually(t, "message edited to contain "+want, func() bool {
		for _, h := range u.History() {
			if h.ID == m.ID {
				cur = h
			}
		}
		if strings.Contains(cur.Text, want) {
			return true
		}
		for _, b := range cur.Buttons() {
			if strings.Contains(b.Text, want) {
				return true
			}
		}
		return false
	})
	return cur
}

// /pengaturan: the reminder hour (buttons and typed, bad input refused),
// the kinds (the deadline warning cannot be turned off, no supervisor kinds
// for staff), the zone and the language, all in one message, stored and
// audited; Selesai leaves.
func TestE2EPengaturan(t *testing.T) {
	e, f := newReportE2E(t)
	f.link(t, e.db)
	e.start()
	u := e.tg.User(f.stafTelegram, telegramtest.WithFirstName("Sari"))
	ctx := context.Background()

	u.SendText("⚙️ Pengaturan")
	m := expect(t, u, "Pengingat harian: pukul 15.30 WIB")
	for _, want := range []string{"Bahasa: Bahasa Indonesia", "✅ Pengingat harian bila belum lapor", "✅ Peringatan tenggat validasi (H-3)"} {
		if !strings.Contains(m.Text, want) {
			t.Errorf("overview lacks %q: %q", want, m.Text)
		}
	}
	if strings.Contains(m.Text, "persetujuan tertunda") {
		t.Errorf("staff shown a supervisor reminder: %q", m.Text)
	}
	// How a supervisor receives reports is a supervisor's choice: neither
	// shown to staff nor taken from a forged button.
	if strings.Contains(m.Text, "Laporan tim") || strings.Contains(strings.Join(labels(m), "|"), "Laporan tim") {
		t.Errorf("staff offered the team's reports: %q %q", m.Text, labels(m))
	}
	forged := strings.Replace(buttonData(t, m, "🕒 Jam pengingat"), "|vjam|", "|d900|", 1)
	if !strings.Contains(forged, "|d900|") {
		t.Fatalf("callback data changed shape: %q", forged)
	}
	pressData(t, u, m, forged)
	m = expect(t, u, "Silakan pilih salah satu tombol")

	// The hour: typed, too late, unreadable, then right.
	m = pressEdits(t, u, m, "🕒 Jam pengingat", "antara pukul 06.00 dan 19.59")
	u.SendText("21.00")
	expect(t, u, "hanya dapat dikirim antara pukul 06.00 dan 19.59")
	u.SendText("sore saja")
	expect(t, u, "tidak dapat dibaca")
	u.SendText("07:45")
	m = expect(t, u, "Pengingat harian diatur ke pukul 07.45")
	if !strings.Contains(m.Text, "pukul 07.45 WIB") {
		t.Fatalf("overview not updated: %q", m.Text)
	}
	var jam *int16
	if err := e.db.Pool.QueryRow(ctx, `SELECT pengingat_jam FROM pegawai WHERE id = $1`, f.staf.ID).Scan(&jam); err != nil || jam == nil || *jam != 7*60+45 {
		t.Fatalf("pengingat_jam = %v, %v", jam, err)
	}
	// A preset button, and back to the default.
	m = pressEdits(t, u, m, "🕒 Jam pengingat", "Pilih jam baru")
	m = pressEdits(t, u, m, "16.00", "pukul 16.00 WIB")
	m = pressEdits(t, u, m, "🕒 Jam pengingat", "Pilih jam baru")
	m = pressEdits(t, u, m, "Bawaan (15.30)", "pukul 15.30 WIB")

	// Kinds: harian off and on again; no button for the deadline warning.
	m = pressEdits(t, u, m, "🔔 Jenis pengingat", "tidak dapat dimatikan")
	for _, b := range m.Buttons() {
		if strings.Contains(b.Text, "tenggat") || strings.Contains(b.Text, "persetujuan tertunda") {
			t.Fatalf("button %q should not be offered", b.Text)
		}
	}
	before := m
	m = pressEdits(t, u, m, "✅ Pengingat harian bila belum lapor", "🔕 Pengingat harian")
	// The same button pressed again, as a double tap does: it asks for "off"
	// again and changes nothing (the audit count below would show it).
	pressData(t, u, before, buttonData(t, before, "✅ Pengingat harian bila belum lapor"))
	m = pressEdits(t, u, m, "✅ Catatan menit kurang (Jumat)", "🔕 Catatan menit kurang")
	m = pressEdits(t, u, m, "🔕 Pengingat harian bila belum lapor", "✅ Pengingat harian")
	m = pressEdits(t, u, m, "Kembali", "🔕 Catatan menit kurang (Jumat) (dimatikan)")
	var off []string
	if err := e.db.Pool.QueryRow(ctx, `SELECT pengingat_mati FROM pegawai WHERE id = $1`, f.staf.ID).Scan(&off); err != nil || strings.Join(off, ",") != "mingguan" {
		t.Fatalf("pengingat_mati = %v, %v", off, err)
	}

	// Zone, then language: the screen answers in English at once.
	m = pressEdits(t, u, m, "🗺 Zona waktu", "Pilih zona waktu")
	m = pressEdits(t, u, m, "WITA", "pukul 15.30 WITA")
	m = pressEdits(t, u, m, "🌐 Bahasa", "Pilih bahasa")
	m = pressEdits(t, u, m, "English", "Daily reminder: at 15.30 WITA")
	expect(t, u, "The main menu is below.") // the menu in English
	// Text instead of a button is answered, and nothing changes.
	u.SendText("halo")
	m = expect(t, u, "Please choose one of the buttons")
	m = pressEdits(t, u, m, "✅ Done", "Settings saved.")
	if len(m.Buttons()) != 0 {
		t.Fatalf("buttons left after Done: %v", m.Buttons())
	}

	var zona, bahasa string
	if err := e.db.Pool.QueryRow(ctx, `SELECT zona, bahasa FROM pegawai WHERE id = $1`, f.staf.ID).Scan(&zona, &bahasa); err != nil ||
		zona != "Asia/Makassar" || bahasa != "en" {
		t.Fatalf("zona %q bahasa %q, %v", zona, bahasa, err)
	}
	// Every change audited; the two no-op round trips (default → default)
	// are not.
	var n int
	if err := e.db.Pool.QueryRow(ctx, `SELECT count(*) FROM audit_log WHERE action = 'pengaturan' AND entity_id = $1 AND actor_id = $1`,
		f.staf.ID).Scan(&n); err != nil || n != 7 {
		t.Fatalf("%d pengaturan audit rows (want 7: 07.45, 16.00, default, harian off, mingguan off, harian on, zona), %v", n, err)
	}
	// The flow is over: text is no longer taken as a setting.
	u.SendText("08.00")
	if got := expect(t, u, ""); strings.Contains(got.Text, "reminder set") {
		t.Fatalf("a setting taken after Done: %q", got.Text)
	}
}

// A supervisor also sees (and may turn off) the digest and the escalation;
// /batal leaves the settings as they are.
func TestE2EPengaturanSupervisor(t *testing.T) {
	w := newDecisionWorld(t)
	w.start()
	k := w.kepala
	k.SendCommand("/pengaturan")
	m := expect(t, k, "✅ Ringkasan persetujuan tertunda")
	if !strings.Contains(m.Text, "✅ Bawahan belum lapor beberapa hari") {
		t.Fatalf("overview lacks the escalation: %q", m.Text)
	}
	m = pressEdits(t, k, m, "🔔 Jenis pengingat", "tidak dapat dimatikan")
	m = pressEdits(t, k, m, "✅ Ringkasan persetujuan tertunda", "🔕 Ringkasan persetujuan tertunda")
	// A forged toggle of the deadline warning is refused and changes nothing.
	forged := strings.Replace(buttonData(t, m, "🔕 Ringkasan persetujuan tertunda"), "|tdigest.1|", "|ttenggat.0|", 1)
	if !strings.Contains(forged, "|ttenggat.0|") {
		t.Fatalf("callback data changed shape: %q", forged)
	}
	pressData(t, k, m, forged)
	expect(t, k, "Pengingat itu tidak dapat diubah")
	k.SendCommand("/batal")
	expect(t, k, "Pengaturan ditutup. Perubahan yang sudah dipilih tetap tersimpan.")
	var off []string
	if err := w.e.db.Pool.QueryRow(context.Background(), `SELECT pengingat_mati FROM pegawai WHERE id = $1`, w.f.kepala.ID).Scan(&off); err != nil ||
		strings.Join(off, ",") != "digest" {
		t.Fatalf("pengingat_mati = %v, %v", off, err)
	}
}

func buttonData(t *testing.T, m telegramtest.Message, label string) string {
	t.Helper()
	b, ok := m.Button(label)
	if !ok {
		t.Fatalf("no button %q on %q", label, m.Text)
	}
	return b.CallbackData
}
