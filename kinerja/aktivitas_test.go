package kinerja

import (
	"errors"
	"strings"
	"testing"
)

func TestTransitionTable(t *testing.T) {
	// Every status × action × actor: exactly the transitions of DOMAIN.md
	// decision 1 are allowed, each by the right actor.
	allowed := map[[2]string]struct {
		to    Status
		actor Actor
	}{
		{"diajukan", "setujui"}:    {StatusDisetujui, ActorAssessor},
		{"diajukan", "kembalikan"}: {StatusDikembalikan, ActorAssessor},
		{"diajukan", "tolak"}:      {StatusDitolak, ActorAssessor},
		{"diajukan", "ubah"}:       {StatusDiajukan, ActorAuthor},
		{"diajukan", "tarik"}:      {StatusDitarik, ActorAuthor},
		{"dikembalikan", "ubah"}:   {StatusDiajukan, ActorAuthor},
	}
	actions := []Action{ActionSetujui, ActionKembalikan, ActionTolak, ActionUbah, ActionTarik}
	for _, from := range Statuses {
		for _, a := range actions {
			for _, actor := range []Actor{ActorAuthor, ActorAssessor} {
				to, err := Transition(from, a, actor, "alasan yang jelas")
				want, ok := allowed[[2]string{string(from), string(a)}]
				switch {
				case ok && actor == want.actor:
					if err != nil || to != want.to {
						t.Errorf("%s -%s(%s)-> %q, %v; want %s", from, a, actor, to, err, want.to)
					}
				case ok:
					if ErrorCode(err) != CodeForbidden {
						t.Errorf("%s -%s(%s): err %v, want forbidden", from, a, actor, err)
					}
				default:
					if err == nil {
						t.Errorf("%s -%s(%s) allowed, want refused", from, a, actor)
					}
					if from.Final() && ErrorCode(err) != CodeConflict {
						t.Errorf("%s is final: err %v, want conflict", from, err)
					}
				}
			}
		}
	}
}

func TestDecisionsNeedAReason(t *testing.T) {
	for _, a := range []Action{ActionKembalikan, ActionTolak} {
		if _, err := Transition(StatusDiajukan, a, ActorAssessor, ""); ErrorCode(err) != CodeInvalid {
			t.Errorf("%s without reason: %v", a, err)
		}
		if _, err := Transition(StatusDiajukan, a, ActorAssessor, strings.Repeat("é", MaxReasonLen+1)); ErrorCode(err) != CodeInvalid {
			t.Errorf("%s with a too long reason: %v", a, err)
		}
		if _, err := Transition(StatusDiajukan, a, ActorAssessor, strings.Repeat("é", MaxReasonLen)); err != nil {
			t.Errorf("%s with a reason of exactly %d characters: %v", a, MaxReasonLen, err)
		}
	}
	if _, err := Transition(StatusDiajukan, ActionSetujui, ActorAssessor, ""); err != nil {
		t.Errorf("approval needs no reason: %v", err)
	}
}

func TestStatusHelpers(t *testing.T) {
	for _, s := range Statuses {
		if !s.Valid() {
			t.Errorf("%s not valid", s)
		}
	}
	if Status("draft").Valid() {
		t.Error("no draft rows (DOMAIN.md decision 1)")
	}
	for s, final := range map[Status]bool{StatusDiajukan: false, StatusDikembalikan: false, StatusDisetujui: true, StatusDitolak: true, StatusDitarik: true} {
		if s.Final() != final {
			t.Errorf("%s.Final() = %v", s, !final)
		}
	}
	if !ActionTolak.IsDecision() || ActionTarik.IsDecision() || !ActionKembalikan.NeedsReason() || ActionSetujui.NeedsReason() {
		t.Error("action helpers")
	}
}

func TestErrors(t *testing.T) {
	e := Errorf(CodeConflict, "aktivitas.already_decided", map[string]any{"By": "X"})
	wrapped := errors.Join(errors.New("ctx"), e)
	if ErrorCode(wrapped) != CodeConflict {
		t.Fatalf("code through wrapping: %v", ErrorCode(wrapped))
	}
	if id, args := ErrorMessage(wrapped); id != "aktivitas.already_decided" || args["By"] != "X" {
		t.Fatalf("message %s %v", id, args)
	}
	if id, _ := ErrorMessage(errors.New("pq: secret detail")); id != "error.internal" {
		t.Fatalf("internal errors must not leak: %s", id)
	}
	if id, _ := ErrorMessage(&Error{Code: CodeInternal, MessageID: "x.y"}); id != "error.internal" {
		t.Fatalf("internal code: %s", id)
	}
	if ErrorCode(nil) != "" || ErrorCode(errors.New("x")) != CodeInternal {
		t.Fatal("ErrorCode of nil / plain")
	}
}

func TestValidNIP(t *testing.T) {
	for s, want := range map[string]bool{
		"198703152010011002":  true,
		"19870315201001100":   false, // 17
		"1987031520100110021": false, // 19
		"19870315201001100a":  false,
		"1987 0315201001100":  false,
		"":                    false,
		"１９８７０３１５２０１０":        false, // full-width digits
	} {
		if ValidNIP(s) != want {
			t.Errorf("ValidNIP(%q) = %v", s, !want)
		}
	}
}

func TestRoles(t *testing.T) {
	p := &Pegawai{Roles: []Role{RolePegawai, RoleAdminOPD}}
	if !p.HasRole(RoleAdminOPD) || p.HasRole(RoleAdmin) || (*Pegawai)(nil).HasRole(RolePegawai) {
		t.Fatal("HasRole")
	}
	if !ValidRole("admin") || ValidRole("assessor") {
		t.Fatal("ValidRole: the assessor role is derived, never imported")
	}
}
