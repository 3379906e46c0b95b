// Package conversations holds every multi-step flow of kinerjabot as an
// explicit state machine: named steps with an Enter (the prompt), a Handle
// (the input) and a Fallback (bad input), declared transitions, and one
// Session per user.
//
// It knows nothing of Telegram, Redis or Postgres: it declares the small
// interfaces it needs (SessionStore, Accounts) and answers with Replies made
// of message IDs, arguments and buttons, which the bot package renders.
package conversations
