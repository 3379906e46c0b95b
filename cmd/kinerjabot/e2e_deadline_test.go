package main

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"kinerjabot/jobs"
	"kinerjabot/kinerja"
	"kinerjabot/notify"
	"kinerjabot/store/storetest"
	"kinerjabot/telegramtest"
)

// deadlineWorld is the decision world with the head's own atasan (the
// Sekda, linked) and an admin_opd in the unit, and two of Sari's November
// reports still waiting.
type deadlineWorld struct {
	*decisionWorld
	sekda, admin *telegramtest.User
}

func newDeadlineWorld(t *testing.T, autoApprove bool) deadlineWorld {
	t.Helper()
	w := newDecisionWorld(t)
	ctx := context.Background()
	const sekdaTG, adminTG = 7501, 7502
	sekdaUnit := storetest.SeedUnit(t, w.e.db, "Sekretariat Daerah")
	sekda := storetest.SeedPegawai(t, w.e.db, kinerja.Pegawai{Nama: "Drs. Iswar Aminuddin", UnitID: sekdaUnit, JenisJabatan: "jpt",
		TelegramID: sekdaTG, ChatID: sekdaTG})
	storetest.SeedPegawai(t, w.e.db, kinerja.Pegawai{Nama: "Dwi Rahmawati", UnitID: w.f.unit, JenisJabatan: "pelaksana",
		TelegramID: adminTG, ChatID: adminTG, Roles: []kinerja.Role{kinerja.RolePegawai, kinerja.RoleAdminOPD}})
	if _, err := w.e.db.Pool.Exec(ctx, `UPDATE pegawai SET atasan_id = $1 WHERE id = $2`, sekda.ID, w.f.kepala.ID); err != nil {
		t.Fatal(err)
	}
	w.e.cfg.AutoApproveAtDeadline = autoApprove
	w.e.start() // with the workers
	dw := deadlineWorld{decisionWorld: w, sekda: w.e.tg.User(sekdaTG), admin: w.e.tg.User(adminTG)}
	w.greet(t, w.kepala, w.staff)
	chat(t, dw.sekda, script{{"/start", "Selamat datang kembali"}})
	chat(t, dw.admin, script{{"/start", "Selamat datang kembali"}})
	for _, day := range []int{12, 13} {
		fileReport(t, w.e.db, nonSKP(w.f.staf, kinerja.Date{Year: 2026, Month: time.November, Day: day}, "Rapat November", 60))
	}
	kartuWait(t, w.kepala, 2)
	return dw
}

// botSaid waits until u's chat holds a message from the bot containing
// every one of want, and returns it.
func botSaid(t *testing.T, u *telegramtest.User, want ...string) telegramtest.Message {
	t.Helper()
	var found telegramtest.Message
	eventually(t, strings.Join(want, " / "), func() bool {
		for _, m := range u.History() {
			text := m.Text + m.Caption
			ok := m.FromBot
			for _, w := range want {
				ok = ok && strings.Contains(text, w)
			}
			if ok {
				found = m
				return true
			}
		}
		return false
	})
	return found
}

// deadlineDue enqueues November's deadline job, as its schedule does on 5
// December.
func (w deadlineWorld) deadlineDue(t *testing.T) {
	t.Helper()
	queue, err := river.NewClient(riverpgxv5.New(w.e.db.Pool), &river.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := queue.Insert(context.Background(), jobs.DeadlineJob{Month: kinerja.Date{Year: 2026, Month: time.November, Day: 1}},
		&river.InsertOpts{UniqueOpts: river.UniqueOpts{ByArgs: true}}); err != nil {
		t.Fatal(err)
	}
}

func TestE2EDeadlineEscalates(t *testing.T) {
	w := newDeadlineWorld(t, false)
	// Someone of the unit without an atasan: nobody can decide their report.
	rina := storetest.SeedPegawai(t, w.e.db, kinerja.Pegawai{Nama: "Rina Kurniasih", UnitID: w.f.unit, JenisJabatan: "pelaksana"})
	fileReport(t, w.e.db, nonSKP(rina, kinerja.Date{Year: 2026, Month: time.November, Day: 16}, "Arsip November", 30))
	w.deadlineDue(t)
	botSaid(t, w.sekda, "Hari ini batas validasi laporan November 2026", w.f.kepala.Nama+" belum memutuskan 2 laporan dari 1 pegawai")
	botSaid(t, w.admin, "Hari ini batas validasi laporan November 2026", w.f.kepala.Nama+" (NIP "+w.f.kepala.NIP+"): 2 laporan dari 1 pegawai",
		"Pegawai tanpa atasan: 1 laporan dari 1 pegawai")
	if n := admCount(t, w.e.db, `SELECT count(*) FROM aktivitas WHERE status = 'diajukan'`); n != 3 {
		t.Fatalf("escalation changed the reports: %d still waiting", n)
	}
}

func TestE2EDeadlineApprovesAsTheSystem(t *testing.T) {
	w := newDeadlineWorld(t, true)
	w.deadlineDue(t)
	botSaid(t, w.kepala, "Batas validasi laporan November 2026 telah tiba: 2 laporan")
	botSaid(t, w.staff, "sistem (otomatis, batas validasi terlewati)")
	// The cards show it too, without buttons.
	eventually(t, "the cards edited", func() bool {
		cards := kartuCards(w.kepala)
		for _, c := range cards {
			if !strings.Contains(messageText(w.kepala, c.ID), "sistem (otomatis") || len(lastVersion(w.kepala, c.ID).Buttons()) != 0 {
				return false
			}
		}
		return len(cards) == 2
	})
	if n := admCount(t, w.e.db, `SELECT count(*) FROM aktivitas WHERE status = 'disetujui' AND otomatis AND decided_by IS NULL`); n != 2 {
		t.Fatalf("%d reports approved by the system, want 2", n)
	}
	if n := admCount(t, w.e.db, `SELECT count(*) FROM audit_log WHERE action = 'setujui' AND actor_id IS NULL AND (detail->>'otomatis')::boolean`); n != 2 {
		t.Fatalf("%d audit rows of the system's approvals, want 2", n)
	}
}

// The deadline's schedule: the morning of VALIDATION_DEADLINE_DAY.
func TestDeadlineScheduleIsTheDeadlineMorning(t *testing.T) {
	wib := time.FixedZone("WIB", 7*3600)
	s := notify.DeadlineSchedule{Location: wib, Day: 5, At: 9 * time.Hour}
	for from, want := range map[time.Time]time.Time{
		time.Date(2026, 12, 3, 10, 0, 0, 0, wib): time.Date(2026, 12, 5, 9, 0, 0, 0, wib),
		time.Date(2026, 12, 5, 9, 0, 0, 0, wib):  time.Date(2027, 1, 5, 9, 0, 0, 0, wib),
		time.Date(2027, 1, 31, 23, 0, 0, 0, wib): time.Date(2027, 2, 5, 9, 0, 0, 0, wib),
	} {
		if got := s.Next(from); !got.Equal(want) {
			t.Errorf("Next(%v) = %v, want %v", from, got, want)
		}
	}
}
