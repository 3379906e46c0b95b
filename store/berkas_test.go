package store_test

import (
	"fmt"
	"testing"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/store"
)

// The Mini App's uploads are kept until a report names them, and then for
// good; the ones no report named (forms never filed) are swept after
// store.KeptFileUnused.
func TestKeptFilesNamedByAReportStayTheRestAreSwept(t *testing.T) {
	b, ctx := pgSetup(t)
	keep := func(name string) int64 {
		t.Helper()
		id, err := b.db.SaveBerkas(ctx, store.Berkas{PegawaiID: b.author.ID, Nama: name, Jenis: "image/png", Foto: true, Data: []byte("png " + name)})
		if err != nil {
			t.Fatal(err)
		}
		return id
	}
	filed, edited, abandoned := keep("a.png"), keep("b.png"), keep("c.png")
	// Someone else's report naming the author's file does not keep it.
	other, err := b.db.SaveBerkas(ctx, store.Berkas{PegawaiID: b.assessor.ID, Nama: "d.png", Jenis: "image/png", Foto: true, Data: []byte("d")})
	if err != nil {
		t.Fatal(err)
	}
	r := b.report()
	r.Bukti = []string{"AgACAgUAAxkBAAIB", fmt.Sprintf("bp:%d", filed)}
	a, err := b.db.SubmitAktivitas(ctx, r, b.author.ID)
	if err != nil {
		t.Fatal(err)
	}
	edit := b.report()
	edit.Bukti = []string{fmt.Sprintf("bp:%d", filed), fmt.Sprintf("bd:%d", edited), fmt.Sprintf("bp:%d", other)}
	if _, err := b.db.ApplyAktivitas(ctx, store.ApplyRequest{AktivitasID: a.ID, Version: a.Version, Action: kinerja.ActionUbah,
		Actor: kinerja.ActorAuthor, ActorID: b.author.ID, Edit: &edit}); err != nil {
		t.Fatal(err)
	}
	var given time.Time // by the store's clock
	if err := b.db.Pool.QueryRow(ctx, `SELECT max(created_at) FROM berkas`).Scan(&given); err != nil {
		t.Fatal(err)
	}
	// Not yet old enough: nothing goes.
	if n, err := b.db.SweepBerkas(ctx, given.Add(time.Hour).Add(-store.KeptFileUnused)); err != nil || n != 0 {
		t.Fatalf("swept %d young files (%v)", n, err)
	}
	n, err := b.db.SweepBerkas(ctx, given.Add(store.KeptFileUnused).Add(time.Hour))
	if err != nil || n != 2 {
		t.Fatalf("swept %d files (%v), want 2: the abandoned one and the one another person named", n, err)
	}
	for _, id := range []int64{filed, edited} {
		if _, err := b.db.BerkasByID(ctx, id); err != nil {
			t.Errorf("file %d named by a report: %v", id, err)
		}
	}
	for _, id := range []int64{abandoned, other} {
		if _, err := b.db.BerkasByID(ctx, id); kinerja.ErrorCode(err) != kinerja.CodeNotFound {
			t.Errorf("file %d: %v, want swept", id, err)
		}
	}
}
