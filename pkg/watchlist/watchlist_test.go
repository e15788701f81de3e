package watchlist

import (
	"slices"
	"testing"
	"time"

	"github.com/exotrace/messagetrace-datasource/pkg/intel"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/list"
	"github.com/exotrace/messagetrace-datasource/pkg/intel/refresh"
)

// An endpoint-security export: user, risk as a word, reason, tags with ';'.
const risky = `UserPrincipalName,RiskLevel,Reason,Tags
Adele.Vance@contoso.com,high,Credential theft detected,EDR;Impossible travel
alex.wilber@contoso.com,low,,EDR
contoso-partner.com,high,not a user,
`

func TestWatchlist(t *testing.T) {
	w, err := Start([]List{
		{ID: "edr", Config: list.Config{Name: "Risky users (EDR)", Inline: risky, ListOptions: intel.ListOptions{Format: intel.FormatCSV,
			Mapping: intel.Mapping{Indicator: "UserPrincipalName", Confidence: "RiskLevel", Actor: "Reason", Labels: "Tags", LabelSeparator: ";"}}}},
		{ID: "hr", Config: list.Config{Name: "Leavers", Inline: "adele.vance@contoso.com\n", ListOptions: intel.ListOptions{Confidence: 60}}},
	}, refresh.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer w.Close()
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(2 * time.Millisecond) {
		if s := w.Status(); s[0].State == refresh.StateOK && s[1].State == refresh.StateOK {
			break
		}
	}
	got := w.Match("ADELE.VANCE@contoso.com")
	if len(got) != 2 {
		t.Fatalf("Match = %+v", got)
	}
	if e := got[0]; e.User != "adele.vance@contoso.com" || e.Risk != 85 || e.Reason != "Credential theft detected" ||
		!slices.Equal(e.Labels, []string{"EDR", "Impossible travel"}) || e.List != "Risky users (EDR)" {
		t.Errorf("EDR entry = %+v", e)
	}
	if e := got[1]; e.Risk != 60 || e.Reason != "" || e.List != "Leavers" {
		t.Errorf("HR entry = %+v", e)
	}
	if m := w.Match("someone@contoso-partner.com"); len(m) != 0 {
		t.Errorf("a domain entry matched as a user: %+v", m)
	}
	if s := w.Status()[0]; s.Indicators != 2 || s.Skipped != 1 {
		t.Errorf("EDR status = %+v", s)
	}
	if _, err := Start([]List{{ID: "x", Config: list.Config{Name: "empty"}}}, refresh.Options{}); err == nil {
		t.Error("a list with neither URL nor text was accepted")
	}
}
