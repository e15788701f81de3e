package alerteval

import (
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
)

// baseTick is Grafana's scheduler tick: group intervals must be multiples of it.
const baseTick = 10 * time.Second

var (
	uidRE         = regexp.MustCompile(`^[a-zA-Z0-9\-_]{1,40}$`)
	noDataStates  = []string{"", "NoData", "Alerting", "OK", "KeepLast"}
	execErrStates = []string{"", "Error", "Alerting", "OK", "KeepLast"}
	exprTypes     = []string{"math", "reduce", "threshold"}
)

// Validate checks what Grafana rejects when it provisions the file (a rejected
// file aborts Grafana's start-up), plus what this emulation cannot evaluate.
// contactPoints are the names of contact points provisioned in other files.
func (f File) Validate(contactPoints ...string) error {
	var errs []error
	if f.APIVersion != 1 {
		errs = append(errs, fmt.Errorf("apiVersion %d: want 1", f.APIVersion))
	}
	uids := map[string]bool{}
	for _, g := range f.Groups {
		errs = append(errs, g.validate(uids))
	}
	for _, cp := range f.ContactPoints {
		errs = append(errs, cp.validate())
		contactPoints = append(contactPoints, cp.Name)
	}
	for _, p := range f.Policies {
		errs = append(errs, p.validate(true, contactPoints))
	}
	return errors.Join(errs...)
}

func (g Group) validate(uids map[string]bool) error {
	var errs []error
	if g.Name == "" || g.Folder == "" {
		errs = append(errs, fmt.Errorf("group %q: name and folder are required", g.Name))
	}
	if iv := time.Duration(g.Interval); iv <= 0 || iv%baseTick != 0 {
		errs = append(errs, fmt.Errorf("group %q: interval %s should be non-zero and divided exactly by scheduler interval: 10s", g.Name, iv))
	}
	for _, r := range g.Rules {
		if uids[r.UID] {
			errs = append(errs, fmt.Errorf("rule uid %q is used twice", r.UID))
		}
		uids[r.UID] = true
		if err := r.Validate(); err != nil {
			errs = append(errs, fmt.Errorf("rule %q: %w", r.UID, err))
		}
	}
	return errors.Join(errs...)
}

// Validate checks one rule's keys and its expression chain.
func (r Rule) Validate() error {
	var errs []error
	if !uidRE.MatchString(r.UID) {
		errs = append(errs, fmt.Errorf("uid %q: want 1 to 40 of [a-zA-Z0-9-_]", r.UID))
	}
	if r.Title == "" {
		errs = append(errs, errors.New("title is required"))
	}
	if !slices.Contains(noDataStates, r.NoDataState) || !slices.Contains(execErrStates, r.ExecErrState) {
		errs = append(errs, fmt.Errorf("noDataState %q or execErrState %q is not valid", r.NoDataState, r.ExecErrState))
	}
	for k, v := range r.Labels {
		if strings.Contains(v, "$") {
			// Grafana expands environment variables in labels (not in annotations).
			errs = append(errs, fmt.Errorf("label %s=%q: a $ in a label is taken for an environment variable", k, v))
		}
	}
	if r.For < 0 || r.KeepFiringFor < 0 {
		errs = append(errs, errors.New("for and keepFiringFor cannot be negative"))
	}
	refs := map[string]bool{}
	for _, q := range r.Data {
		refs[q.RefID] = true
		errs = append(errs, q.validate())
	}
	if !refs[r.Condition] {
		errs = append(errs, fmt.Errorf("condition %q is not a refId of data", r.Condition))
	}
	return errors.Join(errs...)
}

func (q Query) validate() error {
	if q.RefID == "" {
		return errors.New("a data entry has no refId")
	}
	if !q.IsExpression() {
		if q.DatasourceUID == "" || q.RelativeTimeRange.From <= q.RelativeTimeRange.To {
			return fmt.Errorf("%s: a query needs a datasourceUid and relativeTimeRange.from > to", q.RefID)
		}
		return nil
	}
	_, err := parseExpression(q)
	return err
}

func (cp ContactPoint) validate() error {
	var errs []error
	if cp.Name == "" {
		errs = append(errs, errors.New("a contact point has no name"))
	}
	for _, r := range cp.Receivers {
		if r.UID == "" || r.Type == "" || len(r.Settings) == 0 {
			errs = append(errs, fmt.Errorf("contact point %q: every receiver needs uid, type and settings", cp.Name))
		}
	}
	return errors.Join(errs...)
}
