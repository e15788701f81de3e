package subject

import (
	"reflect"
	"testing"
)

func TestSubjectTemplate(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Invoice #123 from Acme Corp", "invoice #<num> from acme corp"},
		{"RE: RE:Fwd: Invoice #456", "invoice #<num>"},
		{"Re : AW: WG: Status", "status"},
		{"返信: 転送：ご確認ください", "ご確認ください"},
		{"ＲＥ：請求書　No.１２３４５", "請求書 no.<num>"},
		{"Meeting on 2026-11-20 at 10:30", "meeting on <date> at <num>"},
		{"Due 20/11/2026 or 2026.11.20", "due <date> or <date>"},
		{"Order 1,234.50 EUR", "order <num> eur"},
		{"Ref a3f9c2d1e5 and c1d2e3f4-5678-49ab-9cde-0123456789ab", "ref <hex> and <hex>"},
		{"deadbeefcafe stays a word", "deadbeefcafe stays a word"},
		{"Mail from <john.doe@example.com> see https://x.example/a?b=1", "mail from <<email>> see <url>"},
		{"Visit www.example.com today", "visit <url> today"},
		{"INV2024-007 ready", "inv<num>-<num> ready"},
		{"  spaced \t out  ", "spaced out"},
		{"", ""},
		// The byte-level fast paths (ASCII, CJK) against the rune-by-rune rules.
		{"【ワークフロー】申請 No.77054 が承認されました", "【ワークフロー】申請 no.<num> が承認されました"},
		{"注文請書（No.31260）", "注文請書(no.<num>)"},
		{"ＡＢＣ\u3000ｄｅｆ\u00a0１２３", "abc def <num>"},
		{"Ärger über Σ-Werte", "ärger über σ-werte"},
		{"한국어 제목 2026-11-20", "한국어 제목 <date>"},
		{"a\u0085b\u2028c\u1680d", "a b c d"},
		{"\ud7ff\ue000\uff00\uffef\ufff0", "\ud7ff\ue000\uff00\uffef\ufff0"},
		{"😀 Emoji 😀", "😀 emoji 😀"},
		{"Re: 返信：転送: FW:", ""},
		// Invalid UTF-8 is kept, but becomes U+FFFD after a folded character.
		{"bad \xff byte", "bad \xff byte"},
		{"BAD \xff BYTE", "bad \ufffd byte"},
		{"\xe3\x80 cut \xed\xa0\x80 surrogate", "\xe3\x80 cut \xed\xa0\x80 surrogate"},
	}
	var n Normalizer // reused, as the derived cache reuses it
	for _, tt := range tests {
		if got := Template(tt.in); got != tt.want {
			t.Errorf("Template(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if got := string(n.Template(tt.in)); got != tt.want {
			t.Errorf("Normalizer.template(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestKeywordTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Invoice #123 from Acme Corp", []string{"acme", "corp", "invoice"}},
		{"The invoice, THE invoice: a reminder", []string{"invoice", "reminder"}},
		{"Don't miss it", []string{"miss"}},
		{"請求書のご確認をお願いします", []string{"求書", "確認", "請求"}},
		{"株式会社アクメからのお知らせ", []string{"アクメ"}},
		{"セキュリティー警告", []string{"セキュリティー", "警告"}},
		{"회의 일정 안내", []string{"안내", "일정", "회의"}},
		{"Call 555-1234 or mail a@b.example https://x.example q", []string{"call", "mail"}},
		{"Ref a3f9c2d1e5", []string{"ref"}},
	}
	for _, tt := range tests {
		if got := KeywordTokens(Template(tt.in)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("KeywordTokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestShapeTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"Invoice #123 from Acme Corp.", []string{"invoice", "<num>", "from", "acme", "corp"}},
		{"【請求書】株式会社アクメ様 No.123", []string{"請求書", "株式会社", "アクメ", "様", "no", "<num>"}},
	}
	for _, tt := range tests {
		if got := ShapeTokens(Template(tt.in)); !reflect.DeepEqual(got, tt.want) {
			t.Errorf("ShapeTokens(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
