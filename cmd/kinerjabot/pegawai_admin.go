package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/riverqueue/river"

	"kinerjabot/kinerja"
	"kinerjabot/store"
)

const pegawaiUsage = `Usage: kinerjabot pegawai nonaktif NIP --alasan TEKS [--mulai YYYY-MM-DD] [--oleh NIP]
       kinerjabot pegawai aktif NIP [--oleh NIP]
       kinerjabot pegawai lepas NIP [--oleh NIP]

The roster's life, each change audited with the admin who made it (--oleh, or
KINERJABOT_ADMIN_NIP; an active admin or admin_opd; refused when missing):

  nonaktif  deactivates a person (pensiun, pindah, tugas belajar), from today
            or from --mulai (a later day is carried out on that day; up to 31
            days back is recorded as it was). An inactive person gets no
            reminder and cannot report (the bot tells them why); their
            waiting reports stay decidable by their atasan.
  aktif     activates them again (and drops a planned deactivation).
  lepas     takes their Telegram account off them (a lost phone, a handed-over
            account): they join again by invitation or by their phone number.

Flags:
`

func cmdPegawai(args []string, getenv func(string) string, stdout, stderr io.Writer) int {
	if len(args) == 0 || (args[0] != "nonaktif" && args[0] != "aktif" && args[0] != "lepas") {
		if len(args) > 0 && (args[0] == "help" || args[0] == "-h" || args[0] == "--help") {
			fmt.Fprint(stdout, pegawaiUsage)
			return 0
		}
		fmt.Fprint(stderr, pegawaiUsage)
		return 2
	}
	action := args[0]
	fs, lang := adminFlags("pegawai "+action, pegawaiUsage, stderr)
	oleh := actorFlag(fs)
	alasan := fs.String("alasan", "", "nonaktif: why (3–500 characters)")
	mulai := fs.String("mulai", "", "nonaktif: from this day, YYYY-MM-DD (default today)")
	nip, code, done := parseOneArg(fs, args[1:], "kinerjabot pegawai: give exactly one NIP")
	if done {
		return code
	}
	if action != "nonaktif" && (*alasan != "" || *mulai != "") {
		fmt.Fprintln(stderr, "kinerjabot pegawai: --alasan and --mulai go with nonaktif")
		return 2
	}
	actor := actorNIP(*oleh, getenv)
	return runAdmin(getenv, *lang, stdout, stderr, func(ctx context.Context, env adminEnv, open adminOpenDB) adminReport {
		return runPegawai(ctx, open, adminPegawaiRequest{Action: action, NIP: nip, Actor: actor, Alasan: *alasan, Mulai: *mulai,
			Today: kinerja.DateOf(time.Now(), env.cfg.Location)})
	})
}

// adminPegawaiRequest is one "kinerjabot pegawai".
type adminPegawaiRequest struct {
	Action, NIP, Actor, Alasan, Mulai string
	Today                             kinerja.Date
}

// adminActor finds the admin named by --oleh (or KINERJABOT_ADMIN_NIP):
// every CLI change names who made it, an active admin or admin_opd. On a
// fresh installation, before the roster has any admin, the change is the
// system's, so the first import can be made. internalID is the message of
// an unexpected error.
func adminActor(ctx context.Context, open adminOpenDB, rep *adminReport, internalID, nip string) (int64, bool) {
	has, ok := adminAsk(ctx, open, rep, internalID, func(db *store.DB) (bool, error) { return db.HasAdmin(ctx) })
	if !ok || !has {
		return 0, ok
	}
	if nip == "" {
		rep.Code = 1
		rep.err("pegawai_admin.actor_missing", nil)
		return 0, false
	}
	return adminAsk(ctx, open, rep, internalID, func(db *store.DB) (int64, error) {
		id, _, err := db.AdminByNIP(ctx, strings.Join(strings.Fields(nip), ""))
		return id, err
	})
}

// actorFlag is the --oleh flag of a CLI change; actorNIP is its value, or
// KINERJABOT_ADMIN_NIP.
func actorFlag(fs *flag.FlagSet) *string {
	return fs.String("oleh", "", "NIP of the admin making the change (default KINERJABOT_ADMIN_NIP)")
}

func actorNIP(oleh string, getenv func(string) string) string {
	if a := strings.TrimSpace(oleh); a != "" {
		return a
	}
	return strings.TrimSpace(getenv("KINERJABOT_ADMIN_NIP"))
}

func runPegawai(ctx context.Context, open adminOpenDB, req adminPegawaiRequest) adminReport {
	var rep adminReport
	nip := strings.Join(strings.Fields(req.NIP), "")
	if !kinerja.ValidNIP(nip) {
		rep.Code = 1
		rep.err("pegawai_admin.nip_invalid", map[string]any{"NIP": req.NIP})
		return rep
	}
	var mulai kinerja.Date
	if req.Mulai != "" {
		d, err := kinerja.ParseDate(req.Mulai)
		if err != nil {
			rep.Code = 1
			rep.err("pegawai_admin.mulai_invalid", map[string]any{"Value": req.Mulai})
			return rep
		}
		mulai = d
	}
	actor, ok := adminActor(ctx, open, &rep, "pegawai_admin.internal", req.Actor)
	if !ok {
		return rep
	}
	if req.Action == "lepas" {
		type unlinked struct {
			nama string
			tg   int64
		}
		u, ok := adminAsk(ctx, open, &rep, "pegawai_admin.internal", func(db *store.DB) (unlinked, error) {
			nama, tg, err := db.Unlink(ctx, nip, actor)
			return unlinked{nama, tg}, err
		})
		if !ok {
			return rep
		}
		id := "pegawai_admin.unlinked"
		if u.tg == 0 {
			id = "pegawai_admin.not_linked"
		}
		rep.out(id, map[string]any{"NIP": nip, "Nama": u.nama})
		return rep
	}
	res, ok := adminAsk(ctx, open, &rep, "pegawai_admin.internal", func(db *store.DB) (store.AktifResult, error) {
		return db.SetAktif(ctx, store.AktifChange{NIP: nip, Aktif: req.Action == "aktif", Mulai: mulai, Alasan: req.Alasan,
			ActorID: actor, Today: req.Today})
	})
	if !ok {
		return rep
	}
	args := map[string]any{"NIP": nip, "Nama": res.Nama, "Waiting": res.Waiting, "Mulai": mulai.Format()}
	switch {
	case res.Unchanged && req.Action == "aktif":
		rep.out("pegawai_admin.already_active", args)
	case res.Unchanged:
		rep.out("pegawai_admin.already_inactive", args)
	case req.Action == "aktif":
		rep.out("pegawai_admin.activated", args)
	case res.Planned:
		rep.out("pegawai_admin.deactivation_planned", args)
	default:
		rep.out("pegawai_admin.deactivated", args)
	}
	if req.Action == "nonaktif" && res.Waiting > 0 && !res.Unchanged {
		rep.out("pegawai_admin.waiting_stay", args)
	}
	return rep
}

// dueDeactivations carries out the planned deactivations every hour
// (kinerjabot pegawai nonaktif --mulai a later day).
type dueDeactivations struct {
	river.WorkerDefaults[dueDeactivationsJob]
	db  *store.DB
	loc *time.Location
	now func() time.Time
}

type dueDeactivationsJob struct{}

func (dueDeactivationsJob) Kind() string { return "nonaktif_terjadwal" }

func (w *dueDeactivations) Work(ctx context.Context, _ *river.Job[dueDeactivationsJob]) error {
	if _, err := w.db.ApplyDueDeactivations(ctx, kinerja.DateOf(w.now(), w.loc)); err != nil {
		return fmt.Errorf("planned deactivations: %w", err)
	}
	return nil
}

// hourly runs a job every hour, and once when the bot starts.
func hourly(job river.JobArgs) *river.PeriodicJob {
	return river.NewPeriodicJob(river.PeriodicInterval(time.Hour), func() (river.JobArgs, *river.InsertOpts) {
		return job, nil
	}, &river.PeriodicJobOpts{RunOnStart: true})
}

// keptFilesSweep deletes, every hour, the Mini App's uploads no report
// named within store.KeptFileUnused (forms never filed).
type keptFilesSweep struct {
	river.WorkerDefaults[keptFilesSweepJob]
	db  *store.DB
	now func() time.Time
}

type keptFilesSweepJob struct{}

func (keptFilesSweepJob) Kind() string { return "sapu_berkas" }

func (w *keptFilesSweep) Work(ctx context.Context, _ *river.Job[keptFilesSweepJob]) error {
	if _, err := w.db.SweepBerkas(ctx, w.now().Add(-store.KeptFileUnused)); err != nil {
		return fmt.Errorf("kept files sweep: %w", err)
	}
	return nil
}
