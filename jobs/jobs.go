// Package jobs names the background work a change of a record causes — the
// arguments of each River job — and the records its worker reads. The store
// enqueues a job in the same transaction as the change (a job's arguments
// need only a Kind method, so neither this package nor the domain imports
// the queue), so a submitted report and "show it to the assessor" commit
// together or not at all; the workers of package notify carry them out.
package jobs

import "time"

// CardJob brings every approval card of a report in line with the report:
// sends a card to each current assessor who has none yet, and edits every
// copy already sent to show the report's current content and state.
type CardJob struct {
	AktivitasID int64 `json:"aktivitas_id"`
	// Decided: a decision caused it, and the decider is looking at their
	// card; it is run before the cards of new reports and the notices.
	Decided bool `json:"decided,omitempty"`
}

// Kind names the job for the queue.
func (CardJob) Kind() string { return "kartu" }

// DecisionNoticeJob tells the author of a report about a decision on it.
type DecisionNoticeJob struct {
	AktivitasID int64 `json:"aktivitas_id"`
	Version     int   `json:"version"` // the version the decision produced
}

// Kind names the job for the queue.
func (DecisionNoticeJob) Kind() string { return "kabar_keputusan" }

// MaxRun bounds every job's run (its rate-limit waits included). A job
// still "running" RescueAfter after it started belongs to a process that
// died: River runs it again (within another half minute: River's rescuer
// looks every 30 s). RescueAfter is longer than MaxRun, so a job that is
// still running is never run twice at once.
const (
	MaxRun      = 25 * time.Second
	RescueAfter = 30 * time.Second
)
