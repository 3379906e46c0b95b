package main

import (
	"bytes"
	"context"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"kinerjabot/telegramtest"
)

// miniAppScreens is the folder the Mini App's browser test writes its
// screenshots to.
var miniAppScreens = filepath.Join(os.TempDir(), "kinerjabot-miniapp-screens")

// Telegram's dark theme, as it hands it to a Mini App.
const darkTheme = `{"bg_color":"#17212b","text_color":"#f5f5f5","hint_color":"#708499","button_color":"#5288c1","button_text_color":"#ffffff","secondary_bg_color":"#232e3c","destructive_text_color":"#ec3942"}`

// TestMiniAppInBrowser opens the Mini App in headless Chromium at a phone's
// size, the way Telegram opens it (initData and the theme in the URL's
// fragment): a forged and an expired initData get the page's refusal; the
// staff member files a report on one screen (the RHK picker, the uraian,
// the volume with the indikator's satuan, a quick duration, Kirim) and
// gets the confirmation in the chat, then changes it from this month's
// list (Ubah) and sees the scores with their charts; the supervisor, in Telegram's dark
// theme, sees the photo given as evidence and approves the report on the
// board; the card in the chat, pressed afterwards, says so and follows.
// Screenshots go to $TMPDIR/kinerjabot-miniapp-screens.
func TestMiniAppInBrowser(t *testing.T) {
	exe := chromium(t)
	const bossID = 9103
	e, f := newMiniAppE2E(t, bossID)
	u := e.tg.User(f.stafTelegram, telegramtest.WithFirstName("Sari"), telegramtest.WithStarted())
	boss := e.tg.User(bossID, telegramtest.WithStarted())

	if err := os.RemoveAll(miniAppScreens); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(miniAppScreens, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots: %s", miniAppScreens)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	b := newBrowser(t, ctx, exe, 412, 860, miniAppScreens)
	open := func(initData, theme string) {
		t.Helper()
		frag := "tgWebAppData=" + url.QueryEscape(initData) + "&tgWebAppVersion=8.0&tgWebAppPlatform=android"
		if theme != "" {
			frag += "&tgWebAppThemeParams=" + url.QueryEscape(theme)
		}
		// A new document each time (a fragment change alone reloads nothing).
		b.run(chromedp.Navigate("about:blank"), chromedp.Navigate("http://"+e.addr+"/app/#"+frag))
	}
	now := e.clock.Now()

	// Refused: signed by another bot, or a day and more old.
	forged := telegramtest.SignInitData("999:not-this-bot", map[string]string{
		"user": fmt.Sprintf(`{"id":%d,"first_name":"Sari"}`, f.stafTelegram), "auth_date": fmt.Sprint(now.Unix())})
	open(forged, "")
	b.waitJS(`document.getElementById('status').textContent.includes('buka lagi dari chat')`)
	b.shot("01-initdata-palsu")
	open(u.InitDataAt(now.Add(-25*time.Hour)), "")
	b.waitJS(`document.getElementById('status').textContent.includes('buka lagi dari chat') && document.getElementById('form').hidden`)

	// The staff member's report, on one screen.
	open(u.InitDataAt(now), "")
	b.waitJS(`!document.getElementById('form').hidden && document.querySelectorAll('#rhk option').length === 7`)
	b.shot("02-formulir")
	b.waitJS(fmt.Sprintf(`(() => { const s = document.getElementById('rhk'); s.value = 'r%d'; s.dispatchEvent(new Event('change')); return document.getElementById('satuan').value === 'laporan'; })()`, f.rhkLaporan))
	b.run(chromedp.SendKeys(chromedp.CSS("#uraian"), "Menyusun laporan kinerja bulanan unit"), chromedp.SendKeys(chromedp.CSS("#volume"), "1"))
	b.run(chromedp.Click(chromedp.CSS(`#quick button[data-m="90"]`)))
	b.waitJS(`document.getElementById('durasi').value === '90'`)
	// A photo as evidence, chosen from the phone.
	photo := filepath.Join(t.TempDir(), "foto-laporan.png")
	if err := os.WriteFile(photo, samplePNG(t), 0o644); err != nil {
		t.Fatal(err)
	}
	b.run(chromedp.SetUploadFiles(chromedp.CSS("#berkas"), []string{photo}))
	b.waitJS(`document.querySelectorAll('#bukti-list li button').length === 1`)
	b.shot("03-formulir-terisi")
	b.run(chromedp.Click(chromedp.CSS("#kirim")))
	b.waitJS(`!document.getElementById('done').hidden && document.getElementById('done-text').textContent.includes('Laporan terkirim')`)
	b.shot("04-terkirim")
	// The evidence is kept by the bot: the chat gets the confirmation only.
	expect(t, u, "Laporan terkirim dan menunggu persetujuan atasan")
	rows := reportsOf(t, e.db, f.staf.ID)
	if len(rows) != 1 || rows[0].Deskripsi != "Menyusun laporan kinerja bulanan unit" || rows[0].Menit != 90 || rows[0].Satuan != "laporan" || rows[0].Nbkt != 1 {
		t.Fatalf("reports %+v", rows)
	}
	card := expect(t, boss, "Menyusun laporan kinerja bulanan unit")

	// This month's reports: Ubah fills the form with the report, Kirim saves
	// the change.
	b.run(chromedp.Click(chromedp.CSS("#tab-riwayat")))
	b.waitJS(`document.querySelectorAll('#riwayat-list .rep').length === 1 && document.getElementById('riwayat-total').textContent.includes('90')`)
	b.shot("05-riwayat")
	b.run(chromedp.Click(chromedp.CSS("#tab-nilai")))
	b.waitJS(`document.getElementById('nilai-teks').textContent.includes('Produktivitas') && [...document.querySelectorAll('#nilai-grafik img')].some(i => i.complete && i.naturalWidth > 300)`)
	b.shot("05b-nilai")
	b.run(chromedp.Click(chromedp.CSS("#tab-riwayat")))
	// The list is drawn again when its tab opens: click the new one.
	b.clickSelector(`#riwayat-list button[data-aksi="ubah"]`)
	b.waitJS(`!document.getElementById('form').hidden && !document.getElementById('editing').hidden && document.getElementById('uraian').value.includes('bulanan unit')`)
	b.run(chromedp.SendKeys(chromedp.CSS("#uraian"), " November"))
	b.run(chromedp.Click(chromedp.CSS("#kirim")))
	b.waitJS(`!document.getElementById('done').hidden`)
	expect(t, u, "Perubahan laporan")
	if rows := reportsOf(t, e.db, f.staf.ID); len(rows) != 1 || rows[0].Version != 2 || rows[0].Deskripsi != "Menyusun laporan kinerja bulanan unit November" {
		t.Fatalf("after Ubah in the Mini App: %+v", rows)
	}

	// The supervisor's board, in the dark theme: Setujui.
	open(boss.InitDataAt(now), darkTheme)
	b.waitJS(`!document.getElementById('board').hidden && document.querySelectorAll('#board-list .rep').length === 1`)
	b.waitJS(`getComputedStyle(document.body).backgroundColor === 'rgb(23, 33, 43)'`)
	b.clickSelector(`#board-list .rep button[data-aksi="bukti"]`)
	b.waitJS(`[...document.querySelectorAll('#board-list .previews img')].some(i => i.complete && i.naturalWidth === 40)`)
	b.shot("06-papan-persetujuan-gelap")
	b.clickSelector(`#board-list .rep button[data-aksi="setujui"]`)
	b.waitJS(`document.getElementById('board-msg').textContent.includes('disetujui') && document.querySelectorAll('#board-list .rep').length === 0`)
	b.shot("07-disetujui")
	if rows := reportsOf(t, e.db, f.staf.ID); rows[0].Status != "disetujui" {
		t.Fatalf("after Setujui on the board: %+v", rows)
	}
	// The card in the chat is not edited for it (a decision on the board
	// costs the author's notice only); pressed, it says the report was
	// approved and is brought in line: its buttons go.
	kartuJobsDone(t, e.db)
	left := messageOf(boss, card.ID) // as the Ubah's card job left it
	if len(left.Buttons()) != len(card.Buttons()) || strings.Contains(strings.ToLower(left.Text), "disetujui") {
		t.Errorf("the chat's card was edited for the board's decision: %q %+v", left.Text, left.Buttons())
	}
	if ans := press(t, boss, left, "Setujui"); !strings.Contains(ans.Text, "setujui") {
		t.Errorf("Setujui on the card after the board's approval: %q", ans.Text)
	}
	if !waitForLong(func() bool {
		m := messageOf(boss, card.ID)
		return len(m.Buttons()) < len(card.Buttons()) && strings.Contains(strings.ToLower(m.Text), "disetujui")
	}) {
		m := messageOf(boss, card.ID)
		t.Errorf("the chat's card after it was pressed: %q %+v", m.Text, m.Buttons())
	}
	files, _ := filepath.Glob(filepath.Join(miniAppScreens, "*.png"))
	if len(files) != 8 {
		t.Errorf("%d screenshots written, want 8", len(files))
	}
}

// waitForLong is waitFor with ten seconds (a job's work).
func waitForLong(cond func() bool) bool {
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(50 * time.Millisecond)
	}
	return true
}

// TestDemoMiniAppInBrowser opens the Mini App from the demo page, as a
// staff member (the chat's 📱 Formulir, then "📝 Isi formulir" on /lapor's
// list) and as their supervisor: the phone-sized panel shows the form, a
// report filed there reaches the supervisor's board in the same panel.
func TestDemoMiniAppInBrowser(t *testing.T) {
	exe := chromium(t)
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	base := startDemo(t)
	dir := filepath.Join(os.TempDir(), "kinerjabot-demo-miniapp-screens")
	if err := os.RemoveAll(dir); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	b := newBrowser(t, ctx, exe, 1200, 900, dir)
	const sari = 810011
	frame := `document.getElementById('miniapp-frame').contentDocument`
	b.run(chromedp.Navigate(fmt.Sprintf("%s/demo?as=%d", base, sari)))
	b.waitJS(`document.getElementById('chat-title').textContent.includes('Sari Wulandari')`)

	// From /lapor's list, as Telegram would open it.
	b.typeLine("/lapor")
	b.press("📝 Isi formulir")
	b.waitJS(`!document.getElementById('miniapp').hidden && ` + frame + `.getElementById('form') && !` + frame + `.getElementById('form').hidden && ` + frame + `.querySelectorAll('#rhk option').length > 2`)
	b.shot("01-formulir-dari-lapor")
	b.waitJS(`(() => { const d = ` + frame + `;
  const s = d.getElementById('rhk'); s.value = s.options[1].value; s.dispatchEvent(new Event('change'));
  d.getElementById('uraian').value = 'Memperbarui data aset TIK di aplikasi inventaris';
  d.getElementById('volume').value = '12';
  if (!d.getElementById('satuan').value) d.getElementById('satuan').value = 'data';
  d.querySelector('#quick button[data-m="120"]').click();
  return d.getElementById('durasi').value === '120'; })()`)
	b.shot("02-formulir-terisi")
	b.waitJS(`(() => { ` + frame + `.getElementById('kirim').click(); return true; })()`)
	b.waitJS(frame + `.getElementById('done-text').textContent.includes('Laporan terkirim')`)
	b.shot("03-terkirim")
	b.run(chromedp.Click(chromedp.CSS("#miniapp-close")))
	b.waitText("Memperbarui data aset TIK di aplikasi inventaris") // the confirmation in the chat

	// The supervisor's board, from the menu button.
	b.choosePerson("Dewi Lestari")
	b.waitJS(`!document.getElementById('open-miniapp').hidden`)
	b.run(chromedp.Click(chromedp.CSS("#open-miniapp")))
	b.waitJS(`!document.getElementById('miniapp').hidden && ` + frame + `.getElementById('tab-board') && [...` + frame + `.querySelectorAll('#board-list .rep')].some(r => r.textContent.includes('Memperbarui data aset TIK'))`)
	b.waitJS(`(() => { ` + frame + `.getElementById('tab-board').click(); return !` + frame + `.getElementById('board').hidden; })()`)
	b.shot("04-papan-atasan")
}

// clickSelector clicks the first element matching sel once it is there,
// again if the page drew it anew in between.
func (b *browser) clickSelector(sel string) {
	b.t.Helper()
	b.clickMarked(fmt.Sprintf(`(() => {
  const x = document.querySelector(%q);
  if (!x) return false;
  x.setAttribute('data-pick', '%%d');
  return true;
})()`, sel), sel)
}

// samplePNG is a small picture (40 × 30) to give as evidence.
func samplePNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 40, 30))
	for x := range 40 {
		img.Set(x, x%30, color.RGBA{30, 90, 200, 255})
	}
	var out bytes.Buffer
	if err := png.Encode(&out, img); err != nil {
		t.Fatal(err)
	}
	return out.Bytes()
}
