// Package telegramtest is a fake Telegram Bot API server over real HTTP, for
// the bot's end-to-end tests, benchmarks and the offline demo.
//
// The bot under test talks to it with the unmodified go-telegram/bot
// client:
//
//	srv := telegramtest.NewServer()
//	defer srv.Close()
//	b, err := bot.New(srv.Token(), bot.WithServerURL(srv.URL()))
//
// Tests then act as Telegram users (srv.User(id)) who send text, commands,
// contacts, photos and documents, press inline buttons, and read what the
// bot did to their chat (Wait, WaitMessage, History, ReplyKeyboard,
// CallbackAnswer). Group chats work the same way (srv.Group).
//
// # What it covers
//
// Requests are accepted as POST multipart/form-data (what go-telegram/bot
// sends: complex fields as JSON strings, files as file parts),
// application/json, application/x-www-form-urlencoded, and GET query
// strings, at /bot{token}/{method} with case-insensitive method names.
// Answers use Telegram's envelope ({"ok":true,"result":…} or
// {"ok":false,"error_code":N,"description":…,"parameters":{…}}) with the
// HTTP status equal to error_code and Telegram's error texts.
//
// Methods: getMe, getUpdates (offset confirmation, negative offset, limit,
// long-poll timeout, allowed_updates, 409 on a concurrent poll or while a
// webhook is set), setWebhook/deleteWebhook/getWebhookInfo (with
// drop_pending_updates and secret_token), sendMessage, sendPhoto,
// sendDocument (upload, attach://, file_id, or http(s) URL fetched by the
// server), editMessageText, editMessageCaption, editMessageReplyMarkup,
// deleteMessage, answerCallbackQuery, getFile (+ download at
// /file/bot{token}/{file_path}), setMyCommands/getMyCommands/
// deleteMyCommands (per scope and language) and sendChatAction. Any other
// method answers 404 "Not Found", a wrong token 401 "Unauthorized".
//
// Rules reproduced because real bots trip on them:
//   - text ≤ 4096 and caption ≤ 1024 UTF-16 code units (Telegram's unit:
//     an emoji outside the BMP counts 2), measured after parse_mode is
//     applied and leading/trailing white space trimmed; white-space-only
//     text is empty;
//   - parse_mode HTML, MarkdownV2 and Markdown are parsed; malformed markup
//     fails with "Bad Request: can't parse entities: …" (unsupported or
//     unclosed tags, unescaped MarkdownV2 reserved characters, …) and the
//     user side sees the text without markup (Message.RawText keeps what
//     the bot sent);
//   - inline buttons: callback_data 1–64 bytes (BUTTON_DATA_INVALID), a
//     button needs an action ("text buttons are unallowed in the inline
//     keyboard"), an empty copy_text as the only action is
//     BUTTON_COPY_TEXT_INVALID — go-telegram/bot serialises
//     "copy_text":{"text":""} on every button, which is harmless beside
//     callback_data or url;
//   - edits: a missing reply_markup removes the inline keyboard,
//     {"inline_keyboard":null} (what go-telegram/bot sends for a nil
//     keyboard) keeps the old one, {"inline_keyboard":[]} removes it;
//     identical content fails with "message is not modified: …";
//     editMessageText on a media message fails;
//   - sends fail with 403 when the user blocked the bot, is deactivated,
//     is a bot, or never wrote to the bot; unknown chats are 400 "chat not
//     found";
//   - callback queries expire after 15 s (server clock) and can be answered
//     once; answer text ≤ 200;
//   - messages older than 48 h cannot be deleted;
//   - optional flood limits (WithRateLimit) on delivered messages with
//     429 "Too Many Requests: retry after N" and parameters.retry_after;
//   - webhooks are delivered one update at a time per target, in order,
//     retried with backoff until a 2xx, optionally round-robin over several
//     targets (SetWebhookTargets); one chat's updates go one at a time, in
//     order, also over several targets.
//
// Faults (InjectFault) simulate proxy errors (502/503/504 with an HTML
// body), 500, 429 and slow answers, before or after the call took effect.
// Stats and Requests let tests assert what was called and that delivered
// traffic never exceeded the limits.
//
// # What it does not do
//
// It is not a full Telegram: there are no channels, supergroups, forum
// topics, inline mode, payments, games, business connections, polls,
// stickers sent by the bot, albums sent by the bot (sendMediaGroup),
// forwarding or copying, chat administration, or message reactions; the
// methods not listed above answer 404. Photos are not re-encoded: every
// photo size resolves to the uploaded bytes (so tests can decode them),
// and sizes are computed only for PNG, JPEG and GIF. Webhook URLs must be
// https on ports 443/80/88/8443 as on Telegram unless WithHTTPWebhooks
// allows plain http (a test's httptest server), no certificate is checked, and the server does not read a method call from
// the webhook's answer body. Group chats have no 20-messages-per-minute
// limit unless set with the per-chat limit, and no privacy mode (the bot
// sees every group message). Text entities that Telegram clients detect
// automatically (URLs, mentions, hashtags) are not added to user messages;
// only a leading /command gets its bot_command entity. Pending updates are
// kept forever, not 24 hours. File ids are opaque but not Telegram's
// format.
package telegramtest
