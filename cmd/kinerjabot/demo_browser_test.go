package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"kinerjabot/store/storetest"
)

// startDemo runs the demo in its own test database and Redis prefix until
// the test ends and returns the page's base URL.
func startDemo(t *testing.T) string {
	t.Helper()
	o := demoOptions{DatabaseURL: storetest.NewURL(t), RedisURL: storetest.RedisURL(),
		RedisPrefix: storetest.RedisPrefix(t), Addr: "127.0.0.1:0", anyDatabase: true}
	base, _ := runUntilReady(t, "demo", 60*time.Second, func(ctx context.Context, ready chan<- string) error {
		o.Ready = ready
		return runDemo(ctx, o)
	})
	return base
}

// demoScreens is the folder the browser test writes its screenshots to.
var demoScreens = filepath.Join(os.TempDir(), "kinerjabot-demo-screens")

// chromium finds Debian's Chromium (.ci/run installs it when missing).
func chromium(t *testing.T) string {
	t.Helper()
	if p := os.Getenv("CHROME_PATH"); p != "" {
		return p
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	t.Skip("no Chromium on this machine (.ci/run installs Debian's chromium package)")
	return ""
}

// TestDemoInBrowser drives the demo page in headless Chromium: as a staff
// member, /lapor a whole report (date, RHK, description, volume, minutes, a
// photo as evidence, Kirim), then "Lapor lagi" reusing its uraian; as the
// supervisor, return one card with a quick reason and press Setujui on the
// other; back as the staff member, see the day's decisions, the return and
// the new status in /riwayat; the supervisor switching to one daily list
// at 15.00, which comes at 15.31 and decides a report from a person's day;
// a staff member declaring a day of cuti on the nudge, confirmed by the
// supervisor;
// /nilai's chart (opened with the keyboard) shown as an image; a newcomer joins by sharing their
// phone number; the page at a phone's size in English. Each step's screenshot goes to
// $TMPDIR/kinerjabot-demo-screens.
func TestDemoInBrowser(t *testing.T) {
	exe := chromium(t)
	t.Parallel()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()

	base := startDemo(t)

	if err := os.RemoveAll(demoScreens); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(demoScreens, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots: %s", demoScreens)

	b := newBrowser(t, ctx, exe, 1200, 900, demoScreens)
	const sari, dewi = 810011, 810002

	b.run(chromedp.Navigate(base + "/demo?as=" + strconv.Itoa(sari)))
	b.waitJS(`document.querySelectorAll('#people li button').length === 10`)
	b.waitJS(`document.getElementById('chat-title').textContent.includes('Sari Wulandari')`)
	b.shot("01-masuk-sebagai-staf")

	// /lapor, all the way.
	// The RHK list for today, one tap; the uraian with its volume and
	// duration on the lines below it (Shift+Enter, as in Telegram).
	b.typeLine("/lapor")
	b.press("RHK-1")
	b.waitText("Tuliskan uraian kegiatan")
	b.run(chromedp.SendKeys(chromedp.CSS("#text"), "Memperbaiki formulir pengaduan pada aplikasi layanan publik"))
	for _, line := range []string{"3 tiket", "90 menit"} {
		b.run(chromedp.KeyEvent(kb.Enter, chromedp.KeyModifiers(chromedp.ModifierShift)), chromedp.SendKeys(chromedp.CSS("#text"), line))
	}
	b.run(chromedp.SendKeys(chromedp.CSS("#text"), kb.Enter))
	b.waitText("Ringkasan laporan")
	// A photo sent at the summary is its evidence.
	b.run(chromedp.Click(chromedp.CSS("#send-photo")))
	b.waitText("Bukti dukung: 1 berkas")
	b.shot("02-ringkasan-laporan")
	b.press("✅ Kirim")
	b.waitText("menunggu persetujuan atasan")
	b.waitText("⏱ Durasi: 90 menit")
	b.shot("03-laporan-terkirim")

	// Lapor lagi: the next report of the same day, from the RHK list; the
	// uraian just filed is offered again with its volume and duration.
	b.press("📝 Lapor lagi")
	b.press("RHK-1")
	b.press("↩️ Memperbaiki formulir")
	b.waitJS(`[...document.querySelectorAll('#log .msg')].filter(m => m.textContent.includes('Ringkasan laporan')).length >= 1 &&
  [...document.querySelectorAll('#log .msg .inline button')].some(x => x.textContent.includes('Kirim'))`)
	b.shot("04-lapor-lagi")
	b.press("✅ Kirim")
	b.waitJS(`[...document.querySelectorAll('#log .msg')].filter(m => m.textContent.includes('menunggu persetujuan atasan')).length === 2`)

	// The supervisor: two short cards; one returned with a quick reason,
	// the other approved.
	b.choosePerson("Dewi Lestari")
	b.waitJS(`[...document.querySelectorAll('#log .msg')].filter(m => m.textContent.includes('Menunggu keputusan Bapak/Ibu') &&
  m.textContent.includes('Memperbaiki formulir pengaduan pada aplikasi layanan publik')).length === 2`)
	b.shot("05-kartu-di-atasan")
	b.press("Kembalikan")
	b.waitText("apa yang perlu diperbaiki")
	b.shot("06-alasan-cepat")
	b.press("Uraian kurang jelas")
	b.waitText("Alasan: Uraian kurang jelas")
	b.press("Setujui")
	b.waitJS(`document.getElementById('toast').textContent.includes('disetujui')`)
	b.shot("07-disetujui")

	// Back as the staff member: the day's decisions, the return at once,
	// then /riwayat.
	b.choosePerson("Sari Wulandari")
	b.waitText("disetujui oleh Dewi Lestari")
	b.waitText("dikembalikan untuk revisi")
	b.shot("08-pemberitahuan")
	b.pressKey("📋 Riwayat")
	b.waitText("90 mnt · disetujui")
	b.shot("09-riwayat")

	// /nilai, and its chart as a picture.
	// With the keyboard only: focus the button, press Enter.
	b.typeLine("/nilai")
	b.pressWithKeyboard("📈 Grafik")
	// A picture, loaded, and scrolled into view like a chat app does.
	b.waitJS(`(() => {
  const log = document.getElementById('log').getBoundingClientRect();
  return [...document.querySelectorAll('#log .msg img')].some(i => {
    const r = i.getBoundingClientRect();
    const shown = Math.min(r.bottom, log.bottom) - Math.max(r.top, log.top);
    return i.complete && i.naturalWidth > 300 && shown >= 0.9 * r.height;
  });
})()`)
	b.shot("10-grafik-nilai")

	// The supervisor chooses one daily list at 15.00 instead of a card per
	// report; Sari files another report (no card comes); at 15.31 the list
	// is there, and a person's day decides it.
	b.choosePerson("Dewi Lestari")
	b.typeLine("/pengaturan")
	b.press("📋 Laporan tim")
	b.press("🗓 Daftar 15.00")
	b.waitText("Laporan tim akan dikirim dalam satu daftar setiap hari kerja pukul 15.00")
	b.choosePerson("Sari Wulandari")
	b.typeLine("/lapor")
	b.press("RHK-1")
	b.press("↩️ Memperbaiki formulir")
	b.press("✅ Kirim")
	b.waitJS(`[...document.querySelectorAll('#log .msg')].filter(m => m.textContent.includes('menunggu persetujuan atasan')).length === 3`)
	b.choosePerson("Dewi Lestari")
	b.run(chromedp.Click(chromedp.CSS(`button[data-step="afternoon"]`)))
	b.waitText("Daftar persetujuan harian")
	b.shot("11-daftar-harian")
	b.press("Sari · ")
	b.press("✅ Setujui 1")
	b.waitJS(`document.getElementById('toast').textContent.includes('disetujui')`)
	b.shot("12-daftar-diputuskan")

	// A staff member away today says so on the afternoon nudge; the
	// supervisor confirms it with one tap.
	b.choosePerson("Rizky Pratama")
	b.press("🗓 Saya cuti")
	b.press("🏖 Cuti")
	b.waitText("Permintaan konfirmasi sudah dikirim")
	b.shot("13-cuti-dinyatakan")
	b.choosePerson("Dewi Lestari")
	b.waitText("Rizky Pratama, A.Md. (NIP")
	b.press("✅ Konfirmasi")
	b.waitText("Dikonfirmasi oleh Dewi Lestari")
	b.shot("14-cuti-dikonfirmasi")

	// A newcomer on the roster joins by sharing their phone number.
	b.choosePerson("Rina Kurniasih")
	b.typeLine("/start")
	b.pressKey("📱 Bagikan nomor HP")
	b.waitText("berhasil terhubung")
	b.shot("15-pegawai-baru-terhubung")

	// The same page on a phone-sized window, in English.
	b.run(chromedp.EmulateViewport(390, 844), chromedp.Click(chromedp.CSS("#lang-en")))
	b.waitJS(`document.getElementById('send').textContent === 'Send' &&
  getComputedStyle(document.getElementById('person-select')).display !== 'none' &&
  document.getElementById('composer').getBoundingClientRect().bottom <= window.innerHeight &&
  document.getElementById('keyboard').getBoundingClientRect().top >= 0`)
	b.shot("16-layar-ponsel-english")

	files, _ := filepath.Glob(filepath.Join(demoScreens, "*.png"))
	if len(files) != 16 {
		t.Fatalf("%d screenshots written, want 16", len(files))
	}
}

// browser is one Chromium tab driving a page (the demo, the Mini App).
type browser struct {
	t    *testing.T
	ctx  context.Context
	pick int
	dir  string // where its screenshots go
}

// newBrowser starts headless Chromium (exe) with a window of w × h until
// the test ends; screenshots go to dir.
func newBrowser(t *testing.T, ctx context.Context, exe string, w, h int, dir string) *browser {
	t.Helper()
	actx, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.UserDataDir(t.TempDir()),
		chromedp.WindowSize(w, h),
	)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
	})
	return &browser{t: t, ctx: bctx, dir: dir}
}

func (b *browser) run(actions ...chromedp.Action[chromedp.Void]) {
	b.t.Helper()
	if err := chromedp.Do(b.ctx, actions...); err != nil {
		b.t.Fatal(err)
	}
}

// waitJS waits until a JavaScript expression is true.
func (b *browser) waitJS(expr string) {
	b.t.Helper()
	ctx, cancel := context.WithTimeout(b.ctx, 20*time.Second)
	defer cancel()
	var err error
	for {
		_, err = chromedp.Run(ctx, chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingInterval(100*time.Millisecond)))
		// A page that was just navigated may replace the document the poll
		// ran in: poll again in the new one.
		if err == nil || ctx.Err() != nil || !(strings.Contains(err.Error(), "Cannot find context") || strings.Contains(err.Error(), "context was destroyed")) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	if err != nil {
		b.shot("gagal")
		if b.dir == demoScreens {
			dbg, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`JSON.stringify([document.getElementById('log').getBoundingClientRect(), ...[...document.querySelectorAll('#log .msg img')].map(i => [i.complete, i.naturalWidth, i.getBoundingClientRect()])])`))
			b.t.Log(dbg)
		} else {
			dbg, _ := chromedp.Run(b.ctx, chromedp.Evaluate[string](`document.body.innerText`))
			b.t.Log(dbg)
		}
		b.t.Fatalf("waiting for %s: %v", expr, err)
	}
}

// waitText waits for a chat message containing s.
func (b *browser) waitText(s string) {
	b.t.Helper()
	b.waitJS(fmt.Sprintf(`[...document.querySelectorAll('#log .msg')].some(m => m.textContent.includes(%q))`, s))
}

// typeLine types a line into the message box and presses Enter.
func (b *browser) typeLine(s string) {
	b.t.Helper()
	b.run(chromedp.SendKeys(chromedp.CSS("#text"), s+kb.Enter))
}

// press clicks (with the mouse) the newest inline button whose label
// starts with label, once it is there.
func (b *browser) press(label string) {
	b.t.Helper()
	b.clickMarked(fmt.Sprintf(`(() => {
  const bs = [...document.querySelectorAll('#log .msg .inline button')].filter(x => x.textContent.trim().startsWith(%q));
  if (!bs.length) return false;
  bs[bs.length - 1].setAttribute('data-pick', '%%d');
  return true;
})()`, label), label)
}

// pressWithKeyboard focuses the newest inline button labelled label and
// presses Enter on it, as someone without a mouse would.
func (b *browser) pressWithKeyboard(label string) {
	b.t.Helper()
	b.pick++
	b.waitJS(fmt.Sprintf(`(() => {
  const bs = [...document.querySelectorAll('#log .msg .inline button')].filter(x => x.textContent.trim().startsWith(%q));
  if (!bs.length) return false;
  bs[bs.length - 1].setAttribute('data-pick', '%d');
  return true;
})()`, label, b.pick))
	b.run(chromedp.Focus(chromedp.CSS(fmt.Sprintf(`[data-pick="%d"]`, b.pick))), chromedp.KeyEvent(kb.Enter))
}

// pressKey clicks a reply-keyboard button.
func (b *browser) pressKey(label string) {
	b.t.Helper()
	b.clickMarked(fmt.Sprintf(`(() => {
  const x = [...document.querySelectorAll('#keyboard button')].find(x => x.textContent.trim() === %q);
  if (!x) return false;
  x.setAttribute('data-pick', '%%d');
  return true;
})()`, label), label)
}

// choosePerson switches to a person in the list.
func (b *browser) choosePerson(name string) {
	b.t.Helper()
	b.clickMarked(fmt.Sprintf(`(() => {
  const x = [...document.querySelectorAll('#people button')].find(x => x.textContent.includes(%q));
  if (!x) return false;
  x.setAttribute('data-pick', '%%d');
  return true;
})()`, name), name)
	b.waitJS(fmt.Sprintf(`document.getElementById('chat-title').textContent.includes(%q)`, name))
}

// clickMarked waits until mark (a script with %d for a fresh mark) finds
// and marks an element, then clicks it with the mouse; the page redraws
// the chat when it changes, so a click on a replaced element is retried.
func (b *browser) clickMarked(mark, what string) {
	b.t.Helper()
	var err error
	for range 5 {
		b.pick++
		script := fmt.Sprintf(mark, b.pick)
		b.waitJS(script)
		ctx, cancel := context.WithTimeout(b.ctx, 3*time.Second)
		err = chromedp.Do(ctx, chromedp.Click(chromedp.CSS(fmt.Sprintf(`[data-pick="%d"]`, b.pick)), chromedp.NodeVisible))
		cancel()
		if err == nil {
			return
		}
	}
	b.shot("gagal")
	b.t.Fatalf("could not click %q: %v", what, err)
}

// shot writes a screenshot of the page.
func (b *browser) shot(name string) {
	b.t.Helper()
	png, err := chromedp.Run(b.ctx, chromedp.CaptureScreenshot())
	if err != nil {
		b.t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(b.dir, strings.ReplaceAll(name, " ", "-")+".png"), png, 0o644); err != nil {
		b.t.Error(err)
	}
}
