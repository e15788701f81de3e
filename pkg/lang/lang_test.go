package lang

import (
	"slices"
	"testing"
)

func TestTokens(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"Facture n° 4521 — l'échéance", []string{"facture", "échéance"}},
		{"Facture n° 4521 — l’échéance dépassée", []string{"facture", "échéance", "dépassée"}},
		{"Rechnung Nr. 2024-118: Zahlungserinnerung für März", []string{"rechnung", "zahlungserinnerung", "für", "märz"}},
		{"RE: FW: Fatura nº 77 – pagamento em atraso", []string{"fatura", "pagamento", "atraso"}},
		{"Sensor module SU-7 / CB200", []string{"sensor", "module", "cb200"}},
		{"【会議】新製品の販売計画について", []string{"会議", "新製", "製品", "販売", "売計", "計画", "について"}},
		{"ワークフロー申請", []string{"ワー", "ーク", "クフ", "フロ", "ロー", "申請"}},
		{"见积 12月 报告", []string{"见积", "月", "报告"}},
		{"회의 일정 안내", []string{"회의", "일정", "안내"}},
		{"Weekly sync: 新製品", []string{"weekly", "sync", "新製", "製品"}},
	}
	for _, c := range cases {
		if got := Tokens(c.in); !slices.Equal(got, c.want) {
			t.Errorf("Tokens(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestKeywordsDropStopWordsPerLanguage(t *testing.T) {
	cases := []struct {
		lang, in string
		want     []string
	}{
		{"en", "Your invoice is overdue: please pay the amount now", []string{"invoice", "overdue", "pay"}},
		{"fr", "Votre facture n° 4521 — l'échéance est dépassée depuis lundi", []string{"facture", "échéance", "dépassée", "lundi"}},
		{"de", "Ihre Rechnung ist seit dem 3. März überfällig und wird gemahnt", []string{"rechnung", "märz", "überfällig", "gemahnt"}},
		{"es", "Su factura está pendiente de pago desde el lunes", []string{"factura", "pendiente", "pago", "lunes"}},
		{"it", "La sua fattura è scaduta: pagamento entro venerdì", []string{"fattura", "scaduta", "pagamento", "entro", "venerdì"}},
		{"nl", "Uw factuur is nog niet betaald door de klant", []string{"factuur", "betaald", "klant"}},
		{"pt", "Sua fatura está vencida há três dias", []string{"fatura", "vencida", "dias"}},
		{"pl", "Twoja faktura jest już przeterminowana od wtorku", []string{"faktura", "przeterminowana", "wtorku"}},
		{"sv", "Din faktura är förfallen sedan måndag och måste betalas", []string{"faktura", "förfallen", "måndag", "betalas"}},
		{"ja", "請求書のお支払いについてのお知らせ", []string{"請求", "求書", "支払", "知"}},
		{"zh", "关于我们的发票付款通知", []string{"发票", "票付", "付款", "款通", "通知"}},
		{"ko", "귀하의 송장 결제 안내 그리고", []string{"귀하의", "송장", "결제", "안내"}},
	}
	for _, c := range cases {
		got := Keywords(c.in, StopWords(c.lang))
		if !slices.Equal(got, c.want) {
			t.Errorf("%s: Keywords(%q) = %q, want %q", c.lang, c.in, got, c.want)
		}
	}
}

func TestStopWordsData(t *testing.T) {
	// Sizes of the shipped lists (stopwords-iso 1.1.0, de-duplicated): a change
	// of the data file shows here.
	want := map[string]int{"de": 620, "en": 1298, "es": 732, "fr": 691, "it": 632, "ja": 134, "ko": 678, "nl": 413, "pl": 329, "pt": 560, "sv": 418, "zh": 794}
	for _, l := range Languages() {
		if got := len(StopWords(l)); got != want[l] {
			t.Errorf("%s: %d stop words, want %d", l, got, want[l])
		}
	}
	if len(StopWords("xx")) != 0 {
		t.Error("an unknown language added stop words")
	}
	if got := len(StopWords("de", "nl")); got <= 620 || got >= 620+413 {
		t.Errorf("de+nl union has %d words, want between the larger list and the sum (they share some)", got)
	}
	for _, c := range []struct {
		w     string
		langs []string
		want  bool
	}{
		{"und", []string{"de"}, true}, {"und", []string{"fr"}, false}, {"UND", []string{"DE"}, true},
		{"aujourd’hui", []string{"fr"}, true}, {"の", []string{"ja"}, true}, {"の", []string{"zh"}, false}, {"請求", nil, false}, {"the", nil, true},
		{"facture", nil, false},
	} {
		if got := IsStopWord(c.w, c.langs...); got != c.want {
			t.Errorf("IsStopWord(%q, %v) = %v, want %v", c.w, c.langs, got, c.want)
		}
	}
}

func TestCheck(t *testing.T) {
	if err := Check([]string{"fr", "DE", "ja"}); err != nil {
		t.Fatal(err)
	}
	err := Check([]string{"fr", "xx", "english"})
	if err == nil || err.Error() != "language xx, english not supported: use ISO 639-1 codes among de, en, es, fr, it, ja, ko, nl, pl, pt, sv, zh" {
		t.Fatalf("Check = %v", err)
	}
}

func TestDetectOne(t *testing.T) {
	cases := []struct {
		in   string
		want []string
	}{
		{"Facture n° 4521 — l'échéance de votre contrat", []string{"fr"}},
		{"Ihre Rechnung für März und April", []string{"de"}},
		{"Fatura de março — pagamento em atraso, não esqueça", []string{"pt"}},
		{"La sua fattura è scaduta per il mese di maggio", []string{"it"}},
		{"Your invoice for the month of May is attached", []string{"en"}},
		{"【会議】新製品の販売計画について", []string{"ja"}},
		{"議事録", []string{"zh"}},
		{"관련 회의 일정 안내", []string{"ko"}},
		{"Weekly sync について the plan", []string{"ja", "en"}},
		{"Q4 2026", nil},
	}
	for _, c := range cases {
		if got := DetectOne(c.in); !slices.Equal(got, c.want) {
			t.Errorf("DetectOne(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

func TestDetect(t *testing.T) {
	var ja []string
	for range 20 {
		ja = append(ja, "【会議】新製品の販売計画について", "議事録", "見積書送付")
	}
	for range 5 {
		ja = append(ja, "Minutes of the weekly meeting with the team")
	}
	ja = append(ja, "Ihre Rechnung für März") // one German subject is noise, not a language
	if got, want := Detect(ja), []string{"ja", "en"}; !slices.Equal(got, want) {
		t.Errorf("Detect(ja tenant) = %q, want %q", got, want)
	}
	var zh []string
	for range 10 {
		zh = append(zh, "关于发票的通知", "会议纪要")
	}
	zh = append(zh, "ご確認ください")
	if got, want := Detect(zh), []string{"zh"}; !slices.Equal(got, want) {
		t.Errorf("Detect(zh tenant) = %q, want %q (one kana subject does not make Han Japanese)", got, want)
	}
	var eu []string
	for range 10 {
		eu = append(eu, "Facture n° 4521 — l'échéance de votre contrat", "Ihre Rechnung für März und April", "Your order has been shipped to you")
	}
	if got, want := Detect(eu), []string{"de", "en", "fr"}; !slices.Equal(got, want) {
		t.Errorf("Detect(eu tenant) = %q, want %q", got, want)
	}
	if got := Detect(nil); len(got) != 0 {
		t.Errorf("Detect(nil) = %q", got)
	}
}
