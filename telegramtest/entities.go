package telegramtest

import (
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// utf16Len counts UTF-16 code units, the unit Telegram uses for text
// limits and entity offsets.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		n += utf16RuneLen(r)
	}
	return n
}

func utf16RuneLen(r rune) int {
	if r >= 0x10000 {
		return 2
	}
	return 1
}

func entityError(format string, args ...any) *apiError {
	return badRequest("can't parse entities: " + fmt.Sprintf(format, args...))
}

// parseFormatted turns text + parse_mode (or explicit entities JSON) into
// the displayed text and its entities, trimmed like Telegram does.
func parseFormatted(text, parseMode, entitiesJSON string) (string, []wireEntity, *apiError) {
	var plain string
	var ents []wireEntity
	var err *apiError
	switch strings.ToLower(strings.TrimSpace(parseMode)) {
	case "":
		plain = text
		if strings.TrimSpace(entitiesJSON) != "" && entitiesJSON != "null" {
			if e := json.Unmarshal([]byte(entitiesJSON), &ents); e != nil {
				return "", nil, badRequest("can't parse entities JSON object")
			}
		}
	case "html":
		plain, ents, err = parseHTML(text)
	case "markdownv2":
		plain, ents, err = parseMarkdownV2(text)
	case "markdown":
		plain, ents, err = parseMarkdownV1(text)
	default:
		return "", nil, badRequest("unsupported parse_mode")
	}
	if err != nil {
		return "", nil, err
	}
	plain, ents = trimFormatted(plain, ents)
	return plain, ents, nil
}

// trimFormatted strips leading and trailing white space and fixes the
// entity offsets.
func trimFormatted(text string, ents []wireEntity) (string, []wireEntity) {
	trimmedLeft := strings.TrimLeftFunc(text, unicode.IsSpace)
	shift := utf16Len(text[:len(text)-len(trimmedLeft)])
	out := strings.TrimRightFunc(trimmedLeft, unicode.IsSpace)
	total := utf16Len(out)
	var fixed []wireEntity
	for _, e := range ents {
		start, end := e.Offset-shift, e.Offset-shift+e.Length
		start = max(start, 0)
		end = min(end, total)
		if end > start {
			e.Offset, e.Length = start, end-start
			fixed = append(fixed, e)
		}
	}
	sort.SliceStable(fixed, func(i, j int) bool { return fixed[i].Offset < fixed[j].Offset })
	return out, fixed
}

// textBuilder accumulates plain text and its UTF-16 length.
type textBuilder struct {
	b   strings.Builder
	pos int
}

func (t *textBuilder) writeString(s string) {
	t.b.WriteString(s)
	t.pos += utf16Len(s)
}

func (t *textBuilder) writeRune(r rune) {
	t.b.WriteRune(r)
	t.pos += utf16RuneLen(r)
}

// ---- HTML ----

var htmlTags = map[string]string{
	"b": "bold", "strong": "bold",
	"i": "italic", "em": "italic",
	"u": "underline", "ins": "underline",
	"s": "strikethrough", "strike": "strikethrough", "del": "strikethrough",
	"span": "spoiler", "tg-spoiler": "spoiler",
	"a":          "text_link",
	"code":       "code",
	"pre":        "pre",
	"blockquote": "blockquote",
	"tg-emoji":   "custom_emoji",
}

func isHTMLSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// decodeHTMLEntity decodes the entity at the start of s ("&lt;", "&#39;",
// "&#x1F600;"); n is 0 when s does not start with a supported entity, in
// which case the '&' is literal.
func decodeHTMLEntity(s string) (rune, int) {
	end := strings.IndexByte(s, ';')
	if end < 2 || end > 12 {
		return 0, 0
	}
	name := s[1:end]
	switch name {
	case "lt":
		return '<', end + 1
	case "gt":
		return '>', end + 1
	case "amp":
		return '&', end + 1
	case "quot":
		return '"', end + 1
	}
	if name[0] == '#' && len(name) > 1 {
		var v uint64
		var err error
		if name[1] == 'x' || name[1] == 'X' {
			v, err = strconv.ParseUint(name[2:], 16, 32)
		} else {
			v, err = strconv.ParseUint(name[1:], 10, 32)
		}
		if err == nil && v > 0 && v <= unicode.MaxRune {
			return rune(v), end + 1
		}
	}
	return 0, 0
}

func decodeHTMLText(s string) string {
	var t textBuilder
	for i := 0; i < len(s); {
		if s[i] == '&' {
			if r, n := decodeHTMLEntity(s[i:]); n > 0 {
				t.writeRune(r)
				i += n
				continue
			}
		}
		t.b.WriteByte(s[i])
		i++
	}
	return t.b.String()
}

func parseHTML(s string) (string, []wireEntity, *apiError) {
	type open struct {
		tag string
		ent wireEntity // Type "" = no entity
		pos int
	}
	var t textBuilder
	var stack []open
	var ents []wireEntity
	for i := 0; i < len(s); {
		switch s[i] {
		case '&':
			if r, n := decodeHTMLEntity(s[i:]); n > 0 {
				t.writeRune(r)
				i += n
				continue
			}
			t.writeString("&")
			i++
		case '<':
			begin := i
			if i+1 < len(s) && s[i+1] == '/' {
				j := strings.IndexByte(s[i:], '>')
				if j < 0 {
					return "", nil, entityError("Unclosed end tag at byte offset %d", begin)
				}
				name := strings.ToLower(strings.TrimSpace(s[i+2 : i+j]))
				if len(stack) == 0 {
					return "", nil, entityError("Unexpected end tag at byte offset %d", begin)
				}
				top := stack[len(stack)-1]
				if name != top.tag {
					return "", nil, entityError("Unmatched end tag at byte offset %d, expected \"</%s>\", found \"</%s>\"", begin, top.tag, name)
				}
				stack = stack[:len(stack)-1]
				if top.ent.Type != "" && t.pos > top.pos {
					e := top.ent
					e.Offset, e.Length = top.pos, t.pos-top.pos
					ents = append(ents, e)
				}
				i += j + 1
				continue
			}
			j := i + 1
			for j < len(s) && !isHTMLSpace(s[j]) && s[j] != '>' {
				j++
			}
			if j >= len(s) {
				return "", nil, entityError("Unclosed start tag at byte offset %d", begin)
			}
			name := strings.ToLower(s[i+1 : j])
			typ, ok := htmlTags[name]
			if !ok {
				return "", nil, entityError("Unsupported start tag \"%s\" at byte offset %d", name, begin)
			}
			attrs := map[string]string{}
			for {
				for j < len(s) && isHTMLSpace(s[j]) {
					j++
				}
				if j >= len(s) {
					return "", nil, entityError("Unclosed start tag at byte offset %d", begin)
				}
				if s[j] == '>' {
					j++
					break
				}
				k := j
				for j < len(s) && !isHTMLSpace(s[j]) && s[j] != '=' && s[j] != '>' {
					j++
				}
				attr := strings.ToLower(s[k:j])
				if attr == "" {
					return "", nil, entityError("Empty attribute name in the tag \"%s\" at byte offset %d", name, begin)
				}
				for j < len(s) && isHTMLSpace(s[j]) {
					j++
				}
				if j >= len(s) {
					return "", nil, entityError("Unclosed start tag at byte offset %d", begin)
				}
				if s[j] != '=' {
					attrs[attr] = ""
					continue
				}
				j++
				for j < len(s) && isHTMLSpace(s[j]) {
					j++
				}
				if j >= len(s) {
					return "", nil, entityError("Unclosed start tag at byte offset %d", begin)
				}
				if q := s[j]; q == '"' || q == '\'' {
					e := strings.IndexByte(s[j+1:], q)
					if e < 0 {
						return "", nil, entityError("Unclosed start tag at byte offset %d", begin)
					}
					attrs[attr] = decodeHTMLText(s[j+1 : j+1+e])
					j += e + 2
				} else {
					k := j
					for j < len(s) && !isHTMLSpace(s[j]) && s[j] != '>' {
						j++
					}
					attrs[attr] = decodeHTMLText(s[k:j])
				}
			}
			ent := wireEntity{Type: typ}
			switch name {
			case "a":
				ent.URL = attrs["href"]
				if ent.URL == "" {
					ent.Type = ""
				}
			case "span":
				if attrs["class"] != "tg-spoiler" {
					return "", nil, entityError("Tag \"span\" must have class \"tg-spoiler\" at byte offset %d", begin)
				}
			case "code":
				if lang, ok := strings.CutPrefix(attrs["class"], "language-"); ok && len(stack) > 0 && stack[len(stack)-1].tag == "pre" {
					stack[len(stack)-1].ent.Language = lang
					ent.Type = ""
				}
			case "blockquote":
				if _, ok := attrs["expandable"]; ok {
					ent.Type = "expandable_blockquote"
				}
			case "tg-emoji":
				ent.CustomEmojiID = attrs["emoji-id"]
			}
			stack = append(stack, open{tag: name, ent: ent, pos: t.pos})
			i = j
		default:
			_, n := utf8.DecodeRuneInString(s[i:])
			t.writeString(s[i : i+n])
			i += n
		}
	}
	if len(stack) > 0 {
		return "", nil, entityError("Can't find end tag corresponding to start tag \"%s\"", stack[len(stack)-1].tag)
	}
	sort.SliceStable(ents, func(i, j int) bool { return ents[i].Offset < ents[j].Offset })
	return t.b.String(), ents, nil
}

// ---- MarkdownV2 ----

var mdv2Names = map[string]string{
	"bold": "Bold", "italic": "Italic", "underline": "Underline",
	"strikethrough": "Strikethrough", "spoiler": "Spoiler", "code": "Code",
	"pre": "Pre", "text_link": "TextUrl", "custom_emoji": "CustomEmoji",
	"blockquote": "BlockQuote",
}

const mdv2Reserved = "_*[]()~`>#+-=|{}.!"

func parseMarkdownV2(s string) (string, []wireEntity, *apiError) {
	type open struct {
		typ     string
		pos     int
		bytePos int
		lang    string
	}
	var t textBuilder
	var stack []open
	var ents []wireEntity
	lineStart := true
	topType := func() string {
		if len(stack) == 0 {
			return ""
		}
		return stack[len(stack)-1].typ
	}
	closeTop := func() open {
		o := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if t.pos > o.pos {
			ents = append(ents, wireEntity{Type: o.typ, Offset: o.pos, Length: t.pos - o.pos, Language: o.lang})
		}
		return o
	}
	quoteOpen := func() bool {
		for _, o := range stack {
			if o.typ == "blockquote" {
				return true
			}
		}
		return false
	}
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\\' && i+1 < len(s) && s[i+1] > 0 && s[i+1] <= 126 {
			t.b.WriteByte(s[i+1])
			t.pos++
			i += 2
			lineStart = false
			continue
		}
		top := topType()
		if top == "code" || top == "pre" {
			switch {
			case top == "pre" && strings.HasPrefix(s[i:], "```"):
				closeTop()
				i += 3
			case top == "code" && c == '`':
				closeTop()
				i++
			default:
				_, n := utf8.DecodeRuneInString(s[i:])
				t.writeString(s[i : i+n])
				i += n
			}
			continue
		}
		if lineStart && c == '>' {
			if !quoteOpen() {
				stack = append(stack, open{typ: "blockquote", pos: t.pos, bytePos: i})
			}
			i++
			lineStart = false
			continue
		}
		if c == '\n' {
			t.writeString("\n")
			i++
			lineStart = true
			if top == "blockquote" && (i >= len(s) || s[i] != '>') {
				// the quote ends with its last line (newline excluded)
				t.pos--
				closeTop()
				t.pos++
			}
			continue
		}
		lineStart = false
		toggle := func(typ string, n int) {
			if top == typ {
				closeTop()
			} else {
				stack = append(stack, open{typ: typ, pos: t.pos, bytePos: i})
			}
			i += n
		}
		switch c {
		case '*':
			toggle("bold", 1)
		case '_':
			switch {
			case top == "italic":
				toggle("italic", 1)
			case strings.HasPrefix(s[i:], "__"):
				toggle("underline", 2)
			default:
				toggle("italic", 1)
			}
		case '~':
			toggle("strikethrough", 1)
		case '|':
			if !strings.HasPrefix(s[i:], "||") {
				return "", nil, reservedChar(c)
			}
			toggle("spoiler", 2)
		case '`':
			if strings.HasPrefix(s[i:], "```") {
				o := open{typ: "pre", pos: t.pos, bytePos: i}
				j := i + 3
				nl := strings.IndexByte(s[j:], '\n')
				end := strings.Index(s[j:], "```")
				if nl >= 0 && (end < 0 || nl < end) {
					o.lang = strings.TrimSpace(s[j : j+nl])
					j += nl + 1
				}
				stack = append(stack, o)
				i = j
			} else {
				stack = append(stack, open{typ: "code", pos: t.pos, bytePos: i})
				i++
			}
		case '[':
			stack = append(stack, open{typ: "text_link", pos: t.pos, bytePos: i})
			i++
		case '!':
			if !strings.HasPrefix(s[i:], "![") {
				return "", nil, reservedChar(c)
			}
			stack = append(stack, open{typ: "custom_emoji", pos: t.pos, bytePos: i})
			i += 2
		case ']':
			if top != "text_link" && top != "custom_emoji" {
				return "", nil, reservedChar(c)
			}
			o := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			i++
			url := ""
			if i < len(s) && s[i] == '(' {
				j := i + 1
				var ub strings.Builder
				for j < len(s) && s[j] != ')' {
					if s[j] == '\\' && j+1 < len(s) {
						j++
					}
					ub.WriteByte(s[j])
					j++
				}
				if j >= len(s) {
					return "", nil, entityError("Can't find end of a URL at byte offset %d", i)
				}
				url = ub.String()
				i = j + 1
			}
			if url != "" && t.pos > o.pos {
				e := wireEntity{Type: o.typ, Offset: o.pos, Length: t.pos - o.pos}
				if o.typ == "custom_emoji" {
					e.CustomEmojiID = strings.TrimPrefix(url, "tg://emoji?id=")
				} else {
					e.URL = url
				}
				ents = append(ents, e)
			}
		default:
			if strings.IndexByte(mdv2Reserved, c) >= 0 {
				return "", nil, reservedChar(c)
			}
			_, n := utf8.DecodeRuneInString(s[i:])
			t.writeString(s[i : i+n])
			i += n
		}
	}
	for len(stack) > 0 && topType() == "blockquote" {
		closeTop()
	}
	if len(stack) > 0 {
		o := stack[len(stack)-1]
		return "", nil, entityError("Can't find end of %s entity at byte offset %d", mdv2Names[o.typ], o.bytePos)
	}
	sort.SliceStable(ents, func(i, j int) bool { return ents[i].Offset < ents[j].Offset })
	return t.b.String(), ents, nil
}

func reservedChar(c byte) *apiError {
	return entityError("Character '%c' is reserved and must be escaped with the preceding '\\'", c)
}

// ---- legacy Markdown ----

func parseMarkdownV1(s string) (string, []wireEntity, *apiError) {
	var t textBuilder
	var ents []wireEntity
	for i := 0; i < len(s); {
		c := s[i]
		if c == '\\' && i+1 < len(s) && strings.IndexByte("_*`[", s[i+1]) >= 0 {
			t.b.WriteByte(s[i+1])
			t.pos++
			i += 2
			continue
		}
		switch c {
		case '*', '_', '`', '[':
			begin := i
			typ, closer, skip := "", "", 1
			switch c {
			case '*':
				typ, closer = "bold", "*"
			case '_':
				typ, closer = "italic", "_"
			case '`':
				typ, closer = "code", "`"
				if strings.HasPrefix(s[i:], "```") {
					typ, closer, skip = "pre", "```", 3
				}
			case '[':
				typ, closer = "text_link", "]"
			}
			end := strings.Index(s[i+skip:], closer)
			if end < 0 {
				return "", nil, entityError("Can't find end of the entity starting at byte offset %d", begin)
			}
			inner := s[i+skip : i+skip+end]
			i += skip + end + len(closer)
			e := wireEntity{Type: typ, Offset: t.pos}
			if typ == "pre" {
				if nl := strings.IndexByte(inner, '\n'); nl >= 0 && !strings.ContainsAny(inner[:nl], " \t") {
					e.Language, inner = inner[:nl], inner[nl+1:]
				}
			}
			if typ == "text_link" {
				if i < len(s) && s[i] == '(' {
					cl := strings.IndexByte(s[i:], ')')
					if cl < 0 {
						return "", nil, entityError("Can't find end of the entity starting at byte offset %d", begin)
					}
					e.URL = s[i+1 : i+cl]
					i += cl + 1
				}
				if e.URL == "" {
					e.Type = ""
				}
			}
			t.writeString(inner)
			if e.Type != "" && t.pos > e.Offset {
				e.Length = t.pos - e.Offset
				ents = append(ents, e)
			}
		default:
			_, n := utf8.DecodeRuneInString(s[i:])
			t.writeString(s[i : i+n])
			i += n
		}
	}
	return t.b.String(), ents, nil
}
