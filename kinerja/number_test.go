package kinerja

import (
	"regexp"
	"slices"
	"strings"
	"testing"
)

// numberTestCanon writes a number's digits the one way: no leading zeros
// before the integer digit, no trailing zeros after the fraction, a point.
func numberTestCanon(ip, fp string) string {
	ip = strings.TrimLeft(ip, "0")
	if ip == "" {
		ip = "0"
	}
	if fp = strings.TrimRight(fp, "0"); fp != "" {
		return ip + "." + fp
	}
	return ip
}

func numberTestReadings(rs []numberReading) []string {
	var out []string
	for _, r := range rs {
		out = append(out, numberTestCanon(r.Int, r.Frac))
	}
	return out
}

// numberTestConventions are the two ways of writing a number, as regular
// expressions independent of readNumber: Indonesian (dots group thousands, a
// comma is decimal) and English (the other way round).
var numberTestConventions = []struct {
	re         *regexp.Regexp
	group, dec string
}{
	{regexp.MustCompile(`^(?:[0-9]*|[1-9][0-9]{0,2}(?:\.[0-9]{3})+)(?:,[0-9]+)?$`), ".", ","},
	{regexp.MustCompile(`^(?:[0-9]*|[1-9][0-9]{0,2}(?:,[0-9]{3})+)(?:\.[0-9]+)?$`), ",", "."},
}

// numberTestValues is what the doc comment of readNumber says s is worth:
// the distinct values of the conventions that read it, sorted.
func numberTestValues(s string) []string {
	var out []string
	for _, c := range numberTestConventions {
		if !c.re.MatchString(s) || !strings.ContainsAny(s, "0123456789") {
			continue
		}
		ip, fp, _ := strings.Cut(strings.ReplaceAll(s, c.group, ""), c.dec)
		if v := numberTestCanon(ip, fp); !slices.Contains(out, v) {
			out = append(out, v)
		}
	}
	slices.Sort(out)
	return out
}

func TestReadNumber(t *testing.T) {
	t.Parallel()
	// The examples of the rule: no reading, one, or thousands then decimal.
	for in, want := range map[string][]string{
		"12": {"12"}, "007": {"7"}, "0": {"0"},
		"1,5": {"1.5"}, "1.5": {"1.5"}, "1.50": {"1.5"}, "1,25": {"1.25"}, "1,1250": {"1.125"},
		"0,125": {"0.125"}, "0.500": {"0.5"}, "00,500": {"0.5"}, "1234.500": {"1234.5"}, "1234,500": {"1234.5"},
		"1.000": {"1000", "1"}, "1.500": {"1500", "1.5"}, "1,000": {"1000", "1"}, "2,500": {"2500", "2.5"},
		"1,125": {"1125", "1.125"}, "999.999": {"999999", "999.999"}, "12,340": {"12340", "12.34"},
		"1.000,5": {"1000.5"}, "1,000.5": {"1000.5"}, "1.000.000,25": {"1000000.25"}, "1,000,000.5": {"1000000.5"},
		"1.000.000": {"1000000"}, "1,000,000": {"1000000"}, "1.000,500": {"1000.5"},
		",5": {"0.5"}, ".5": {"0.5"}, ",500": {"0.5"},
		"": nil, ".": nil, ",": nil, "3.": nil, "3,": nil, "1..5": nil, "1,,5": nil, "1.,5": nil,
		"1.2.3": nil, "1,5,5": nil, "1.00,5": nil, "1,5.3": nil, "0.000.000": nil, "1.000,5,5": nil,
		"1234.567,5": nil, ",000.5": nil, "1 000": nil, "1e3": nil, "-1": nil, "+1": nil, "1_000": nil, "١٢": nil,
	} {
		got := numberTestReadings(readNumber(in))
		if !slices.Equal(got, want) {
			t.Errorf("readNumber(%q) = %q, want %q", in, got, want)
		}
		if vals := numberTestValues(in); !slices.Equal(vals, slices.Sorted(slices.Values(want))) {
			t.Errorf("the conventions read %q as %q, want %q", in, vals, want)
		}
	}
}

// FuzzReadNumber: readNumber follows the rule as its doc comment puts it
// another way, so it never takes a text for one value when the text can be
// read as two: a text worth two values is ambiguous, thousands first.
func FuzzReadNumber(f *testing.F) {
	for _, s := range []string{"12", "1,5", "1.5", "1.50", "1.500", "1.000", "1,125", "0,125", "1234.500",
		"1.000,5", "1,000.5", "1.000.000", "1,000,000", ",5", "3.", "1.2.3", "0.000.000", "1,000,000.25"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		rs := readNumber(s)
		got, want := numberTestReadings(rs), numberTestValues(s)
		if sorted := slices.Sorted(slices.Values(got)); !slices.Equal(sorted, want) {
			t.Fatalf("readNumber(%q) = %q, want the values %q", s, got, want)
		}
		for _, r := range rs {
			if r.Int == "" || !inputAllDigits(r.Int) || (r.Frac != "" && !inputAllDigits(r.Frac)) {
				t.Fatalf("readNumber(%q): bad reading %+v", s, r)
			}
		}
		if len(rs) == 2 && (rs[0].Frac != "" || rs[1].Frac == "" || len(rs[1].Frac) != 3 || len(rs[1].Int) > 3) {
			t.Fatalf("readNumber(%q) = %+v: not thousands then decimal", s, rs)
		}
	})
}

// FuzzNumberParsers: the report and the import read numbers alike. A text
// both accept as a plain number is the same value; a number one finds
// ambiguous, the other does too, with the same readings.
func FuzzNumberParsers(f *testing.F) {
	for _, s := range []string{"12", "1,5", "1.5", "1.50", "1.500", "1.000", "1,125", "0,125", "1234.500",
		"1.000,5", "1,000.5", "1.000.000", " 7 ", ",5", "-1.000", "1.000 lembar", "1e3"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		v, sat, verr := ParseVolume(s)
		d, derr := ParseDecimal(s)
		if verr == nil && derr == nil && (sat != "" || v != d) {
			t.Fatalf("ParseVolume(%q) = %v, %q; ParseDecimal = %v", s, v, sat, d)
		}
		thousands, decimal, _, volAmbiguous := VolumeReadings(verr)
		decAmbiguous := msgID(derr) == "import.ambiguous_number"
		plain := strings.Trim(strings.TrimSpace(s), "0123456789.,") == ""
		if decAmbiguous && !volAmbiguous || volAmbiguous && plain && !decAmbiguous {
			t.Fatalf("%q: ParseVolume %v, ParseDecimal %v", s, verr, derr)
		}
		if volAmbiguous && plain {
			rs := readNumber(strings.TrimSpace(s))
			if len(rs) != 2 {
				t.Fatalf("%q: readNumber %+v", s, rs)
			}
			x, _ := rs[0].float()
			y, _ := rs[1].float()
			if x != thousands || y != decimal {
				t.Fatalf("%q: readings %v and %v, readNumber %+v", s, thousands, decimal, rs)
			}
		}
	})
}
