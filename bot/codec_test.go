package bot

import (
	"errors"
	"math"
	"strings"
	"testing"

	"kinerjabot/msg"
)

func TestCallbackCodec(t *testing.T) {
	tests := []struct {
		name string
		in   msg.Callback
		want string
		err  error
	}{
		{"step choice", msg.Callback{Op: "st", Arg: "en", Nonce: 7}, "v1|st||en|7", nil},
		{"record id", msg.Callback{Op: "ap", ID: 123456789, Arg: "ok"}, "v1|ap|21i3v9|ok|", nil},
		{"largest ids", msg.Callback{Op: "abcdefgh", ID: math.MaxInt64, Arg: strings.Repeat("a", 24), Nonce: math.MaxUint32}, "v1|abcdefgh|1y2p0ij32e8e7|" + strings.Repeat("a", 24) + "|1z141z3", nil},
		{"op required", msg.Callback{Arg: "x"}, "", ErrCallbackInvalid},
		{"op too long", msg.Callback{Op: "abcdefghi"}, "", ErrCallbackInvalid},
		{"arg too long", msg.Callback{Op: "st", Arg: strings.Repeat("a", 25)}, "", ErrCallbackInvalid},
		{"no separators in arg", msg.Callback{Op: "st", Arg: "a|b"}, "", ErrCallbackInvalid},
		{"no free text", msg.Callback{Op: "st", Arg: "Hari ini"}, "", ErrCallbackInvalid},
		{"negative id", msg.Callback{Op: "ap", ID: -1}, "", ErrCallbackInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := EncodeCallback(tt.in)
			if !errors.Is(err, tt.err) {
				t.Fatalf("encode error = %v, want %v", err, tt.err)
			}
			if err != nil {
				return
			}
			if got != tt.want {
				t.Fatalf("encode = %q, want %q", got, tt.want)
			}
			if len(got) > MaxCallbackData {
				t.Fatalf("%d bytes, over the limit", len(got))
			}
			back, err := DecodeCallback(got)
			if err != nil || back != tt.in {
				t.Fatalf("decode = %+v, %v; want %+v", back, err, tt.in)
			}
		})
	}
}

func TestDecodeCallbackRejects(t *testing.T) {
	for _, s := range []string{
		"", "v1", "v1|", "v1|st|", "v2|st||en|", "v1||1|x|", "v1|st|0|x|", "v1|st|-1|x|",
		"v1|st|zz|x|0", "v1|st|01|x|", "v1|ST||x|", "v1|st||x|1|extra", "v1|st||x|zzzzzzzzzz",
		"v1|st|" + strings.Repeat("1", 60) + "||", // over 64 bytes
		"approve:123", // another bot's format
	} {
		if c, err := DecodeCallback(s); err == nil {
			t.Errorf("DecodeCallback(%q) = %+v, want an error", s, c)
		}
	}
}

func FuzzCallbackCodec(f *testing.F) {
	f.Add("st", int64(0), "en", uint32(3))
	f.Add("ap", int64(987654321), "ok", uint32(0))
	f.Add("", int64(-5), "|", uint32(1))
	f.Fuzz(func(t *testing.T, op string, id int64, arg string, nonce uint32) {
		in := msg.Callback{Op: op, ID: id, Arg: arg, Nonce: nonce}
		s, err := EncodeCallback(in)
		if err != nil {
			return
		}
		if len(s) > MaxCallbackData {
			t.Fatalf("encoded %d bytes: %q", len(s), s)
		}
		out, err := DecodeCallback(s)
		if err != nil {
			t.Fatalf("decode(%q): %v", s, err)
		}
		if out != in {
			t.Fatalf("round trip %+v -> %q -> %+v", in, s, out)
		}
	})
}

func FuzzDecodeCallback(f *testing.F) {
	f.Add("v1|st||en|7")
	f.Add("v1|ap|21i3v9|ok|")
	f.Add("v1|||||")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := DecodeCallback(s)
		if err != nil {
			return
		}
		// Whatever decodes must encode back to the very same bytes.
		again, err := EncodeCallback(c)
		if err != nil || again != s {
			t.Fatalf("decode(%q) = %+v re-encodes to %q, %v", s, c, again, err)
		}
	})
}
