package msg

import (
	"testing"
	"time"

	"kinerjabot/kinerja"
)

func TestCallName(t *testing.T) {
	for in, want := range map[string]string{
		"Dewi Lestari, S.Kom.":      "Dewi",
		"Dr. Agus Prasetyo":         "Agus",
		"Drs. H. Hadi Wibowo, M.M.": "Hadi",
		"Sari Wulandari":            "Sari",
		"Ir.":                       "Ir.",
	} {
		if got := CallName(in); got != want {
			t.Errorf("CallName(%q) = %q, want %q", in, got, want)
		}
	}
}

// The daily list's buttons carry a person's day and the instant of the
// list, within the 24 characters an Arg may have, and read back.
func TestListArgs(t *testing.T) {
	d := kinerja.Date{Year: 2026, Month: time.December, Day: 28}
	arg := ListPersonArg(9_000_000_000, d)
	if len(arg) > 24 {
		t.Fatalf("%q is too long", arg)
	}
	if id, got, ok := ParseListPersonArg(arg); !ok || id != 9_000_000_000 || got != d {
		t.Fatalf("read back %d %v %v", id, got, ok)
	}
	for _, bad := range []string{"o", "o12", "o12.2026122", "o12.20261332", "x12.20261228", "o0.20261228", "o-1.20261228"} {
		if _, _, ok := ParseListPersonArg(bad); ok {
			t.Errorf("%q read as a person's day", bad)
		}
	}
	at := time.Date(2026, 12, 28, 15, 0, 0, 123456789, time.UTC)
	arg = ListAllArg(at)
	if len(arg) > 24 {
		t.Fatalf("%q is too long", arg)
	}
	if got, ok := ParseListAllArg(arg); !ok || !got.Equal(at.Truncate(time.Microsecond)) {
		t.Fatalf("read back %v %v", got, ok)
	}
	for _, bad := range []string{"a", "a-5", "azz!", "o12"} {
		if _, ok := ParseListAllArg(bad); ok {
			t.Errorf("%q read as an instant", bad)
		}
	}
}

// The list counts reports into person-days in the order they come.
func TestAddToQueue(t *testing.T) {
	d1, d2 := kinerja.Date{Year: 2026, Month: 12, Day: 23}, kinerja.Date{Year: 2026, Month: 12, Day: 28}
	var g []QueueGroup
	g = AddToQueue(g, 1, "Sari", d1, 30)
	g = AddToQueue(g, 1, "Sari", d1, 45)
	g = AddToQueue(g, 2, "Budi", d1, 60)
	g = AddToQueue(g, 1, "Sari", d2, 15)
	if len(g) != 3 || g[0].Count != 2 || g[0].Minutes != 75 || g[1].PegawaiID != 2 || g[2].Date != d2 {
		t.Fatalf("groups %+v", g)
	}
	r, page := ApprovalQueue(g, 5, QueueButtons{Person: func(i int, g QueueGroup) Callback { return Callback{Op: OpQueue, Arg: "x"} }})
	if page != 0 || len(r.Buttons) != 4 || r.Text.Args["Count"] != 4 || r.Text.Args["People"] != 2 {
		t.Fatalf("page %d, %+v", page, r)
	}
}
