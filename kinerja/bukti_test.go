package kinerja

import "testing"

func TestKeptEvidenceNames(t *testing.T) {
	for _, c := range []struct {
		id    int64
		photo bool
		name  string
	}{{12, true, "bp:12"}, {7, false, "bd:7"}} {
		if got := KeptEvidence(c.id, c.photo); got != c.name {
			t.Errorf("KeptEvidence(%d, %v) = %q, want %q", c.id, c.photo, got, c.name)
		}
		if id, photo, ok := KeptEvidenceOf(c.name); !ok || id != c.id || photo != c.photo {
			t.Errorf("KeptEvidenceOf(%q) = %d %v %v", c.name, id, photo, ok)
		}
	}
	// Telegram's ids (the chat's evidence) and malformed names are not kept files.
	for _, s := range []string{"p:AgACAgUAAxk", "d:BQACAgUAAxk", "AgACAgUAAxk", "bp:", "bp:x", "bd:0", "bd:-3"} {
		if _, _, ok := KeptEvidenceOf(s); ok {
			t.Errorf("KeptEvidenceOf(%q) read as a kept file", s)
		}
	}
}
