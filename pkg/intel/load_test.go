package intel

import (
	"context"
	"errors"
	"net/netip"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const sampleJSON = `[
  {"indicator": "urch@elchino-millions.site", "kind": "email", "confidence": 95,
   "actor": "MILLION SPIDER", "labels": ["KillChain/C2", "Malware/AgentTesla"], "source": "ignored"},
  {"indicator": "elchino-millions.site", "confidence": 90},
  {"indicator": "175.45.176.0/22", "kind": "cidr", "confidence": 85, "labels": ["ThreatType/Sanctions"]}
]`

const sampleCSV = `indicator,kind,confidence,actor,labels
# MILLION SPIDER
urch@elchino-millions.site,email,95,MILLION SPIDER,KillChain/C2|Malware/AgentTesla

elchino-millions.site,,90
"175.45.176.0/22",CIDR,85,,ThreatType/Sanctions
`

func TestLoaders(t *testing.T) {
	for name, load := range map[string]func() (*Static, error){
		"json": func() (*Static, error) { return LoadJSON(context.Background(), strings.NewReader(sampleJSON)) },
		"csv":  func() (*Static, error) { return LoadCSV(context.Background(), strings.NewReader(sampleCSV)) },
	} {
		t.Run(name, func(t *testing.T) {
			s, err := load()
			if err != nil {
				t.Fatal(err)
			}
			got := s.MatchAddress("urch@elchino-millions.site")
			want := Indicator{Value: "urch@elchino-millions.site", Kind: KindEmail, Confidence: 95, Actor: "MILLION SPIDER",
				Labels: []string{"KillChain/C2", "Malware/AgentTesla"}}
			if len(got) != 2 || !equal(got[0], want) || got[1].Value != "elchino-millions.site" || got[1].Kind != KindDomain || got[1].Actor != Unassigned {
				t.Errorf("MatchAddress = %+v", got)
			}
			kp := s.MatchIP(netip.MustParseAddr("175.45.179.131"))
			if len(kp) != 1 || kp[0].Confidence != 85 || !slices.Equal(kp[0].Labels, []string{"ThreatType/Sanctions"}) {
				t.Errorf("MatchIP = %+v", kp)
			}
		})
	}
}

func equal(a, b Indicator) bool {
	return a.Value == b.Value && a.Kind == b.Kind && a.Confidence == b.Confidence && a.Actor == b.Actor && slices.Equal(a.Labels, b.Labels)
}

func TestLoadCSVErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int // 0: not a LineError
		want     string
	}{
		{"confidence", "a@b.example,email,very\n", 1, `line 1: confidence "very" is not a whole number from 0 to 100 nor high, medium or low`},
		{"fields", "indicator,kind,confidence\na@b.example,email\n", 2, "line 2: want indicator,kind,confidence[,actor[,labels]], got 2 field(s)"},
		{"too many", "a@b.example,email,5,x,y,z\n", 1, "got 6 field(s)"},
		{"kind", "# c\n\na@b.example,sha256,5\n", 3, `line 3: unknown kind "sha256"`},
		{"range", "1.2.3.4,ip,150\n", 1, `line 1: confidence "150" is not a whole number from 0 to 100`},
		{"duplicate", "1.2.3.4,,5\n5.6.7.8,,5\n1.2.3.4,ip,9\n", 0, "line 3: ip 1.2.3.4 is already listed at line 1"},
		{"quote", "\"a@b.example,email,5\n", 0, "reading the CSV: parse error on line 1"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadCSV(context.Background(), strings.NewReader(tc.in))
			checkLoadError(t, err, tc.want, tc.line)
		})
	}
}

func TestLoadJSONErrors(t *testing.T) {
	tests := []struct {
		name, in string
		line     int
		want     string
	}{
		{"syntax", "[\n {\"indicator\": \"a@b.example\",\n  \"confidence\": 5,,\n}]", 3, "line 3: the feed is not a JSON list of indicators: invalid character ','"},
		{"type", "[\n{\"indicator\": \"a@b.example\",\n\"confidence\": \"95\"}]", 3, "line 3: the feed is not a JSON list of indicators: json: cannot unmarshal string"},
		{"not a list", `{"indicators": []}`, 1, "cannot unmarshal object into Go value of type []intel.jsonIndicator"},
		{"no confidence", `[{"indicator": "a@b.example"}]`, 0, "entry 1 (a@b.example): confidence is missing: give 0 to 100"},
		{"bad value", `[{"indicator": "a@b.example", "confidence": 1}, {"indicator": "1.2.3.0/40", "confidence": 1}]`, 0, `entry 2: "1.2.3.0/40" is not a CIDR block`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := LoadJSON(context.Background(), strings.NewReader(tc.in))
			checkLoadError(t, err, tc.want, tc.line)
		})
	}
}

func checkLoadError(t *testing.T, err error, want string, line int) {
	t.Helper()
	if err == nil || !strings.Contains(err.Error(), want) {
		t.Fatalf("error = %v, want it to contain %q", err, want)
	}
	var le *LineError
	if got := errors.As(err, &le); got != (line > 0) || (got && le.Line != line) {
		t.Errorf("LineError = %v (%+v), want line %d", got, le, line)
	}
}

func TestLoadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	for _, p := range []string{write("feed.json", sampleJSON), write("feed.CSV", sampleCSV)} {
		s, err := LoadFile(context.Background(), p)
		if err != nil || s.Len() != 3 {
			t.Errorf("LoadFile(context.Background(), %s) = %v, %v; want 3 indicators", p, s, err)
		}
	}
	bad := write("bad.csv", "x,email,1\n")
	for path, want := range map[string]string{
		write("feed.txt", sampleCSV):    "use a .json or .csv file",
		filepath.Join(dir, "none.json"): "opening the threat-intel feed: open ",
		bad:                             "threat-intel feed " + bad + `: line 1: "x" is not an e-mail address`,
	} {
		if _, err := LoadFile(context.Background(), path); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("LoadFile(context.Background(), %s) error = %v, want %q", path, err, want)
		}
	}
}

func TestLoadCSVStopsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := LoadCSV(ctx, strings.NewReader(sampleCSV)); !errors.Is(err, context.Canceled) {
		t.Errorf("error = %v, want context.Canceled", err)
	}
}
