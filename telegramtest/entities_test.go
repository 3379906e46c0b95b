package telegramtest

import (
	"reflect"
	"testing"
)

func TestParseFormatted(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name, text, mode string
		want             string
		ents             []wireEntity
	}{
		{"plain trimmed", "  halo \n", "", "halo", nil},
		{"html", `<b>Tebal</b> &amp; <a href="https://x.id/?a=1&amp;b=2">tautan</a> &lt;3`, "HTML",
			"Tebal & tautan <3", []wireEntity{{Type: "bold", Offset: 0, Length: 5}, {Type: "text_link", Offset: 8, Length: 6, URL: "https://x.id/?a=1&b=2"}}},
		{"html nested + emoji offsets", "😀<i>a<u>b</u></i>", "html",
			"😀ab", []wireEntity{{Type: "italic", Offset: 2, Length: 2}, {Type: "underline", Offset: 3, Length: 1}}},
		{"html pre language", `<pre><code class="language-go">x := 1</code></pre>`, "HTML",
			"x := 1", []wireEntity{{Type: "pre", Offset: 0, Length: 6, Language: "go"}}},
		{"html numeric entity", "&#65;&#x42;&unknown;", "HTML", "AB&unknown;", nil},
		{"mdv2", `*tebal* _miring_ __garis__ ~coret~ ||rahasia|| \. [link](https://a.b/\)) ` + "`kode`", "MarkdownV2",
			"tebal miring garis coret rahasia . link kode", []wireEntity{
				{Type: "bold", Offset: 0, Length: 5}, {Type: "italic", Offset: 6, Length: 6}, {Type: "underline", Offset: 13, Length: 5},
				{Type: "strikethrough", Offset: 19, Length: 5}, {Type: "spoiler", Offset: 25, Length: 7},
				{Type: "text_link", Offset: 35, Length: 4, URL: "https://a.b/)"}, {Type: "code", Offset: 40, Length: 4}}},
		{"mdv2 pre", "```python\nprint(1)\n```", "MarkdownV2", "print(1)", []wireEntity{{Type: "pre", Offset: 0, Length: 8, Language: "python"}}},
		{"mdv2 quote", ">kutipan\nbiasa", "MarkdownV2", "kutipan\nbiasa", []wireEntity{{Type: "blockquote", Offset: 0, Length: 7}}},
		{"markdown v1", "*tebal* _miring_ [a](http://x) `k`", "Markdown", "tebal miring a k", []wireEntity{
			{Type: "bold", Offset: 0, Length: 5}, {Type: "italic", Offset: 6, Length: 6}, {Type: "text_link", Offset: 13, Length: 1, URL: "http://x"}, {Type: "code", Offset: 15, Length: 1}}},
	}
	for _, tc := range cases {
		got, ents, err := parseFormatted(tc.text, tc.mode, "")
		if err != nil {
			t.Errorf("%s: %v", tc.name, err)
			continue
		}
		if got != tc.want || !reflect.DeepEqual(ents, tc.ents) {
			t.Errorf("%s:\n got %q %+v\nwant %q %+v", tc.name, got, ents, tc.want, tc.ents)
		}
	}
}

func TestParseFormattedErrors(t *testing.T) {
	t.Parallel()
	cases := []struct{ text, mode, want string }{
		{"a < b", "HTML", `Bad Request: can't parse entities: Unsupported start tag "" at byte offset 2`},
		{"<foo>x</foo>", "HTML", `Bad Request: can't parse entities: Unsupported start tag "foo" at byte offset 0`},
		{"<b>x", "HTML", `Bad Request: can't parse entities: Can't find end tag corresponding to start tag "b"`},
		{"<b>x</i>", "HTML", `Bad Request: can't parse entities: Unmatched end tag at byte offset 4, expected "</b>", found "</i>"`},
		{"x</b>", "HTML", `Bad Request: can't parse entities: Unexpected end tag at byte offset 1`},
		{"<b", "HTML", `Bad Request: can't parse entities: Unclosed start tag at byte offset 0`},
		{`<span class="x">s</span>`, "HTML", `Bad Request: can't parse entities: Tag "span" must have class "tg-spoiler" at byte offset 0`},
		{"Nilai: 9.5", "MarkdownV2", `Bad Request: can't parse entities: Character '.' is reserved and must be escaped with the preceding '\'`},
		{"a-b", "MarkdownV2", `Bad Request: can't parse entities: Character '-' is reserved and must be escaped with the preceding '\'`},
		{"*tebal", "MarkdownV2", `Bad Request: can't parse entities: Can't find end of Bold entity at byte offset 0`},
		{"ok `kode", "MarkdownV2", `Bad Request: can't parse entities: Can't find end of Code entity at byte offset 3`},
		{"nama_file", "Markdown", `Bad Request: can't parse entities: Can't find end of the entity starting at byte offset 4`},
	}
	for _, tc := range cases {
		_, _, err := parseFormatted(tc.text, tc.mode, "")
		if err == nil || err.desc != tc.want || err.code != 400 {
			t.Errorf("%q (%s): got %v, want %q", tc.text, tc.mode, err, tc.want)
		}
	}
}

func TestUTF16Len(t *testing.T) {
	t.Parallel()
	for s, want := range map[string]int{"": 0, "abc": 3, "é": 1, "😀": 2, "a😀b": 4, "日本": 2} {
		if got := utf16Len(s); got != want {
			t.Errorf("utf16Len(%q) = %d, want %d", s, got, want)
		}
	}
}
