package graph

import (
	"errors"
	"reflect"
	"testing"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

func TestFilterClauses(t *testing.T) {
	cases := []struct {
		name string
		f    trace.Filter
		want []string
	}{
		{"none", trace.Filter{}, nil},
		{"every property", trace.Filter{
			ID: "abc", MessageID: "<m'1@x>", Sender: "*@contoso.com", Recipient: "bob@example.co.jp",
			FromIP: "2001:DB8::1", ToIP: "203.0.113.5", Status: trace.StatusFilteredAsSpam, Subject: "請求書", SubjectOp: trace.SubjectStartsWith,
		}, []string{
			"id eq 'abc'", "messageId eq '<m''1@x>'", "senderAddress eq '*@contoso.com'", "recipientAddress eq 'bob@example.co.jp'",
			"fromIP eq '2001:db8::1'", "toIP eq '203.0.113.5'", "status eq 'filteredAsSpam'", "startsWith(subject,'請求書')",
		}},
		{"quote in address", trace.Filter{Sender: "o'hara@example.com"}, []string{"senderAddress eq 'o''hara@example.com'"}},
		{"injection attempt as subject", trace.Filter{Subject: "' or 1 eq 1"}, []string{"contains(subject,''' or 1 eq 1')"}},
		{"endsWith", trace.Filter{Subject: "[EXT]", SubjectOp: trace.SubjectEndsWith}, []string{"endsWith(subject,'[EXT]')"}},
		{"recalled", trace.Filter{Status: trace.StatusRecalled}, []string{"status eq 'recalled'"}},
		{"IPv4-mapped", trace.Filter{FromIP: "::ffff:198.51.100.7"}, []string{"fromIP eq '198.51.100.7'"}},
		{"IDN domain", trace.Filter{Recipient: "taro@例え.jp"}, []string{"recipientAddress eq 'taro@例え.jp'"}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got, err := filterClauses(tc.f)
			if err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestFilterRejectsBadValues(t *testing.T) {
	cases := []struct {
		name  string
		f     trace.Filter
		field string
	}{
		{"injection as address", trace.Filter{Sender: "' or 1 eq 1"}, "filter.sender"},
		{"partial wildcard", trace.Filter{Sender: "john*@contoso.com"}, "filter.sender"},
		{"no domain dot", trace.Filter{Recipient: "bob@localhost"}, "filter.recipient"},
		{"two @", trace.Filter{Recipient: "bob@x@example.com"}, "filter.recipient"},
		{"space", trace.Filter{Recipient: "a b@example.com"}, "filter.recipient"},
		{"no local part", trace.Filter{Recipient: "@example.com"}, "filter.recipient"},
		{"short IP", trace.Filter{FromIP: "1.2.3"}, "filter.fromIP"},
		{"zoned IP", trace.Filter{ToIP: "fe80::1%eth0"}, "filter.toIP"},
		{"NUL in subject", trace.Filter{Subject: "a\x00b"}, "filter.subject"},
		{"newline in message id", trace.Filter{MessageID: "<a@b>\r\nX"}, "filter.messageId"},
		{"unknown subject op", trace.Filter{Subject: "x", SubjectOp: "regex"}, "filter.subjectOp"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := filterClauses(tc.f)
			var ve *FieldError
			if !errors.As(err, &ve) || ve.Field != tc.field {
				t.Errorf("err %v, want FieldError on %s", err, tc.field)
			}
		})
	}
}
