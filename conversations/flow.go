package conversations

import (
	"context"
	"fmt"
	"log/slog"
	"slices"
	"time"

	"kinerjabot/kinerja"
	"kinerjabot/msg"
)

// Done is the step name that ends a flow.
const Done = "_done"

// Stay keeps the current step without prompting again.
const Stay = ""

// Ctx is what a step sees: who, their session, the time.
type Ctx struct {
	User    *User
	Session *Session
	Now     time.Time
	Input   Input

	// The active RHK list, read at most once per input (see activeRHK).
	rhk       []kinerja.RHK
	rhkYear   int
	rhkLoaded bool

	d   *Deps
	log *slog.Logger
}

// Log is the logger of this input, naming the user and the flow and step
// the session is at.
func (c *Ctx) Log() *slog.Logger {
	l := c.log.With("user_id", c.User.TelegramID)
	if c.Session.InFlow() {
		l = l.With("flow", c.Session.Flow, "step", c.Session.Step)
	}
	return l
}

// Today is the business date now, in the deployment's zone.
func (c *Ctx) Today() kinerja.Date { return kinerja.DateOf(c.Now, c.d.Location) }

// Nonce is the value step buttons must carry to be accepted.
func (c *Ctx) Nonce() uint32 { return c.Session.Nonce }

// Choice is an inline button answering the current step.
func (c *Ctx) Choice(label msg.Text, arg string) msg.Button {
	return msg.Button{Label: label, Data: msg.Callback{Op: msg.OpStep, Arg: arg, Nonce: c.Session.Nonce}}
}

// Step button arguments the engine handles itself.
const (
	ArgBack   = "_back"
	ArgCancel = "_cancel"
)

// BackButton and CancelButton are the inline Kembali / Batal of a step.
func (c *Ctx) BackButton() msg.Button   { return c.Choice(msg.T("button.back"), ArgBack) }
func (c *Ctx) CancelButton() msg.Button { return c.Choice(msg.T("button.cancel"), ArgCancel) }

// Step is one state of a flow.
type Step struct {
	// Enter prompts for this step. It runs on every transition into it. An
	// error ends the handling of the input with the internal-error apology,
	// the session untouched, and is logged with the flow and step.
	Enter func(ctx context.Context, c *Ctx) ([]msg.Reply, error)
	// Handle takes an input at this step and names the next step (Stay,
	// Done, or one of Next). An error with kinerja.CodeInvalid goes to
	// Fallback with everything entered so far kept; other errors end the
	// handling of this input with the internal-error apology, the session
	// untouched.
	Handle func(ctx context.Context, c *Ctx, in Input) (next string, replies []msg.Reply, err error)
	// Fallback answers bad input: by default the error's message, then the
	// prompt again.
	Fallback func(ctx context.Context, c *Ctx, err error) ([]msg.Reply, error)
	// Next lists the steps Handle may go to (Stay and Done are always allowed).
	Next []string
	// Back names the step "Kembali" returns to; nil, or a func returning
	// "": Kembali leaves the flow as Batal does (the first step).
	Back func(c *Ctx) string
	// Transient steps hold nothing worth keeping: a flow sitting on one is
	// not parked when another flow starts (e.g. "continue or start over?").
	Transient bool
	// Shortcuts: the prompt's buttons stand in for a typed answer (a
	// duration, an earlier uraian). Answered by typing, the prompt keeps
	// them — taking them off would cost every typed answer a Telegram
	// write —, and a later press is answered with what is true now (see
	// live.go).
	Shortcuts bool
}

// Flow is a named state machine.
type Flow struct {
	Name      string
	Title     msg.Text // how /batal and /bantuan name it
	Start     string
	Steps     map[string]*Step
	KeepAside bool // when another flow starts, park this one instead of dropping it
	// Cancelled is what Batal says when the flow saves as it goes; empty:
	// "batal.done" (nothing of the flow was saved).
	Cancelled msg.Text
	// Anyone: the flow is for people not linked (or not active) too.
	// Otherwise a step is handled only for a linked, active person: someone
	// deactivated or unlinked in the middle of a flow is told why, and the
	// flow is left.
	Anyone bool
}

// validate checks that every declared transition names a step.
func (f *Flow) validate() error {
	if _, ok := f.Steps[f.Start]; !ok {
		return fmt.Errorf("conversations: flow %s: start step %q missing", f.Name, f.Start)
	}
	for name, s := range f.Steps {
		if s.Enter == nil || s.Handle == nil {
			return fmt.Errorf("conversations: flow %s: step %s needs Enter and Handle", f.Name, name)
		}
		for _, n := range s.Next {
			if _, ok := f.Steps[n]; !ok && n != Done {
				return fmt.Errorf("conversations: flow %s: step %s declares unknown next step %q", f.Name, name, n)
			}
		}
	}
	return nil
}

func (f *Flow) allowed(from *Step, to string) bool {
	return to == Stay || to == Done || slices.Contains(from.Next, to)
}

// StepError is a failure inside a step: it names the flow, the step and
// what the step was doing, so the log says where it happened.
type StepError struct {
	Flow, Step string
	Phase      string // enter, handle, fallback or chosen
	Err        error
}

func (e *StepError) Error() string {
	return fmt.Sprintf("conversations: flow %s, step %s, %s: %v", e.Flow, e.Step, e.Phase, e.Err)
}

func (e *StepError) Unwrap() error { return e.Err }

// prompt is an Enter that cannot fail: it asks one question.
func prompt(f func(c *Ctx) msg.Reply) func(context.Context, *Ctx) ([]msg.Reply, error) {
	return func(_ context.Context, c *Ctx) ([]msg.Reply, error) { return []msg.Reply{f(c)}, nil }
}
