package columns

import (
	"cmp"
	"fmt"
	"strings"

	"github.com/exotrace/messagetrace-datasource/pkg/trace"
)

// GraphFilter is the part of filters that Graph can apply: one eq value per property,
// *@domain for a domain, one subject contains/startsWith/endsWith. Exact properties
// win over domains because they narrow more.
func GraphFilter(filters []Filter) trace.Filter {
	var tf trace.Filter
	for _, f := range filters {
		if (f.Op == OpEq || f.Op == OpIn) && len(f.Values) == 1 {
			setExact(&tf, f.Dimension, f.Values[0])
		}
	}
	for _, f := range filters {
		switch {
		case (f.Op == OpEq || f.Op == OpIn) && len(f.Values) == 1 && f.Dimension == DimSenderDomain:
			tf.Sender = cmp.Or(tf.Sender, "*@"+f.Values[0])
		case (f.Op == OpEq || f.Op == OpIn) && len(f.Values) == 1 && f.Dimension == DimRecipientDomain:
			tf.Recipient = cmp.Or(tf.Recipient, "*@"+f.Values[0])
		case f.Dimension == DimSubject && len(f.Values) == 1 && tf.Subject == "":
			if op := subjectOp(f.Op); op != "" {
				tf.Subject, tf.SubjectOp = f.Values[0], op
			}
		}
	}
	return tf
}

func setExact(tf *trace.Filter, d Dimension, v string) {
	fields := map[Dimension]*string{
		DimSender: &tf.Sender, DimRecipient: &tf.Recipient, DimFromIP: &tf.FromIP,
		DimToIP: &tf.ToIP, DimMessageID: &tf.MessageID, DimID: &tf.ID,
	}
	if p, ok := fields[d]; ok && *p == "" {
		*p = v
	}
	if d == DimStatus && tf.Status == trace.StatusUnknown {
		tf.Status = trace.ParseStatus(v)
	}
}

func subjectOp(op Op) trace.SubjectOp {
	switch op {
	case OpContains:
		return trace.SubjectContains
	case OpStartsWith:
		return trace.SubjectStartsWith
	case OpEndsWith:
		return trace.SubjectEndsWith
	}
	return ""
}

// DescribeFilter shows a filter as the inspector and the editor preview do.
func DescribeFilter(f Filter) string {
	if IsProfileOp(f.Op) && len(f.Values) == 0 {
		return fmt.Sprintf("%s %s (from the tenant profile)", f.Dimension, f.Op)
	}
	vals := make([]string, len(f.Values))
	for i, v := range f.Values {
		vals[i] = trace.Quote(v)
		if f.Dimension == DimSize {
			vals[i] = v
		}
	}
	if len(vals) == 1 {
		return fmt.Sprintf("%s %s %s", f.Dimension, f.Op, vals[0])
	}
	return fmt.Sprintf("%s %s (%s)", f.Dimension, f.Op, strings.Join(vals, ", "))
}
