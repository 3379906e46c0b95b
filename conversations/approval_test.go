package conversations

import (
	"testing"

	"kinerjabot/msg"
)

// A report button's Arg is read back exactly, and nothing else is taken
// for one: a forged or garbled button decides nothing.
func TestParsePress(t *testing.T) {
	quick := msg.ApprovalReasonArg(msg.ApprovalTolak, 3, 2, "Bukan bagian RHK ini")
	for _, c := range []struct {
		arg, letters string
		ok           bool
		want         reportButton
	}{
		{"s1", "sktbdcx", true, reportButton{id: 9, letter: 's', version: 1, reason: -1}},
		{"d12", "sktbdcx", true, reportButton{id: 9, letter: 'd', version: 12, reason: -1}},
		{quick, "sktbdcx", true, reportButton{id: 9, letter: 't', version: 3, reason: 2, check: msg.ReasonCheck("Bukan bagian RHK ini")}},
		{"d1", "sktbx", false, reportButton{}}, // no details in a person's list
		{"s0", "sktbdcx", false, reportButton{}},
		{"s", "sktbdcx", false, reportButton{}},
		{"sx", "sktbdcx", false, reportButton{}},
		{"q1", "sktbdcx", false, reportButton{}},
		{"s1.0.ab", "sktbdcx", false, reportButton{}}, // only a return or a rejection has a reason
		{"k1.x.ab", "sktbdcx", false, reportButton{}},
		{"k1.-1.ab", "sktbdcx", false, reportButton{}},
		{"k1.0.abc", "sktbdcx", false, reportButton{}},
		{"k1.0", "sktbdcx", false, reportButton{}},
	} {
		got, ok := parsePress(9, c.arg, c.letters, originCard)
		if ok != c.ok {
			t.Errorf("%q: ok = %v, want %v", c.arg, ok, c.ok)
			continue
		}
		c.want.from = originCard
		if ok && got != c.want {
			t.Errorf("%q: %+v, want %+v", c.arg, got, c.want)
		}
	}
	if _, ok := parsePress(0, "s1", "s", originCard); ok {
		t.Error("a button without a report was taken")
	}
}
