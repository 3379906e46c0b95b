package conversations

import (
	"testing"

	"kinerjabot/kinerja"
)

// Every reminder kind and zone has a name in the settings; digest and
// escalation are offered to supervisors only.
func TestPengaturanNamesEveryKindAndZone(t *testing.T) {
	for _, k := range kinerja.ReminderKinds {
		if setKindIDs[k] == "" {
			t.Errorf("kind %s has no name", k)
		}
	}
	for _, z := range kinerja.ReminderZones {
		if setZoneIDs[z.Name] == "" {
			t.Errorf("zone %s has no name", z.Name)
		}
	}
	staff := setKinds(&kinerja.Pegawai{})
	boss := setKinds(&kinerja.Pegawai{IsAssessor: true})
	if len(staff) != 3 || len(boss) != len(kinerja.ReminderKinds) {
		t.Fatalf("staff %v, supervisor %v", staff, boss)
	}
}

// Leave kinds are named in the reader's language; an unknown one as it is.
func TestLeaveText(t *testing.T) {
	if got := leaveText(kinerja.LeaveSakit); got.ID != "leave.sakit" {
		t.Fatalf("sakit → %+v", got)
	}
	if got := leaveText(kinerja.LeaveCuti); got.ID != "leave.cuti" {
		t.Fatalf("cuti → %+v", got)
	}
	if got := leaveText("lainnya"); got.ID != "score.plain" || got.Args["Text"] != "lainnya" {
		t.Fatalf("unknown → %+v", got)
	}
}
