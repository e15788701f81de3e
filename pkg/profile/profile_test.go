package profile

import (
	"slices"
	"strings"
	"testing"
)

func TestResolveDefaults(t *testing.T) {
	p, err := Config{}.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	if len(p.HomeCountries) != 0 || !slices.Equal(p.EmbargoedCountries, []string{"CU", "IR", "KP"}) || p.TimeZone != "UTC" || !p.Detect() {
		t.Fatalf("defaults = %+v", p)
	}
	none := []string{}
	p, err = Config{EmbargoedCountries: &none}.Resolve()
	if err != nil || len(p.EmbargoedCountries) != 0 {
		t.Fatalf("explicit empty embargo list = %v, %v", p.EmbargoedCountries, err)
	}
}

func TestResolveNormalises(t *testing.T) {
	emb := []string{"kp", "IR", "sy"}
	p, err := Config{HomeCountries: []string{" de", "AT", "ch", "DE"}, EmbargoedCountries: &emb,
		BusinessTimeZone: "Europe/Berlin", MailLanguages: []string{"FR", "de", "de"}}.Resolve()
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(p.HomeCountries, []string{"AT", "CH", "DE"}) || !slices.Equal(p.EmbargoedCountries, []string{"IR", "KP", "SY"}) ||
		p.Location.String() != "Europe/Berlin" || !slices.Equal(p.Languages, []string{"de", "fr"}) || p.Detect() {
		t.Fatalf("profile = %+v", p)
	}
	if !p.IsHome("DE") || p.IsHome("US") || !p.IsEmbargoed("SY") || p.IsEmbargoed("CU") {
		t.Fatal("IsHome / IsEmbargoed disagree with the lists")
	}
	want := "Tenant profile: home countries AT, CH, DE; embargoed IR, KP, SY; business time zone Europe/Berlin; mail languages de, fr."
	if got := p.Describe(nil); got != want {
		t.Fatalf("Describe = %q", got)
	}
	p, _ = Config{MailLanguages: []string{"detect"}}.Resolve()
	if got := p.Describe([]string{"ja", "en"}); !strings.HasSuffix(got, "home countries not set (detection uses novelty); embargoed CU, IR, KP; business time zone UTC; mail languages detected: ja, en.") {
		t.Fatalf("Describe = %q", got)
	}
	if got := p.WithHome([]string{"JP"}).HomeCountries; !slices.Equal(got, []string{"JP"}) {
		t.Fatalf("WithHome = %v", got)
	}
}

func TestResolveErrors(t *testing.T) {
	emb := []string{"DE", "Crimea"}
	cases := []struct {
		name string
		s    Config
		want []string
	}{
		{"alpha-3 and names", Config{HomeCountries: []string{"DEU", "Germany", "fr"}}, []string{`home country "DEU", "GERMANY" is not an ISO 3166-1 alpha-2 code: write two letters such as DE, US or JP`}},
		{"region and overlap", Config{HomeCountries: []string{"DE"}, EmbargoedCountries: &emb}, []string{`embargoed country "CRIMEA" is not an ISO 3166-1 alpha-2 code`, "DE is both a home country and embargoed: remove it from one list"}},
		{"zone abbreviation", Config{BusinessTimeZone: "CET"}, []string{`business time zone "CET" is not an IANA zone name: write it like Europe/Berlin, America/Chicago or UTC`}},
		{"unknown zone", Config{BusinessTimeZone: "Europe/Atlantis"}, []string{`business time zone "Europe/Atlantis" is not an IANA zone name`}},
		{"local zone", Config{BusinessTimeZone: "Local"}, []string{`business time zone "Local"`}},
		{"language", Config{MailLanguages: []string{"fr", "french"}}, []string{"mail languages: language french not supported: use ISO 639-1 codes among de, en, es, fr, it, ja, ko, nl, pl, pt, sv, zh"}},
		{"detect and codes", Config{MailLanguages: []string{"detect", "fr"}}, []string{`mail languages: "detect" cannot be combined with language codes`}},
	}
	for _, c := range cases {
		_, err := c.s.Resolve()
		if err == nil {
			t.Errorf("%s: no error", c.name)
			continue
		}
		for _, w := range c.want {
			if !strings.Contains(err.Error(), w) {
				t.Errorf("%s: error %q lacks %q", c.name, err, w)
			}
		}
	}
}

func TestCountryList(t *testing.T) {
	if n := len(countrySet); n != 250 {
		t.Fatalf("%d codes, want 249 assigned + XK", n)
	}
	for _, c := range []string{"JP", "DE", "BR", "US", "AU", "KP", "XK"} {
		if !IsCountry(c) {
			t.Errorf("%s missing", c)
		}
	}
	for _, c := range []string{"UK", "EU", "ZZ", "jp", "CS"} {
		if IsCountry(c) {
			t.Errorf("%s accepted", c)
		}
	}
}
