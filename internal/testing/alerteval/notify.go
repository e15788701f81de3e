package alerteval

import (
	"errors"
	"fmt"
	"slices"
)

// ContactPoint is a named set of receivers.
type ContactPoint struct {
	OrgID     int64      `yaml:"orgId"`
	Name      string     `yaml:"name"`
	Receivers []Receiver `yaml:"receivers"`
}

// Receiver is one integration of a contact point.
type Receiver struct {
	UID                   string         `yaml:"uid"`
	Type                  string         `yaml:"type"`
	Settings              map[string]any `yaml:"settings"`
	DisableResolveMessage bool           `yaml:"disableResolveMessage"`
}

// Policy is an organisation's notification policy tree; provisioning one
// replaces the organisation's whole tree.
type Policy struct {
	OrgID int64 `yaml:"orgId"`
	Route `yaml:",inline"`
}

// Route is one node of a policy tree.
type Route struct {
	Receiver            string     `yaml:"receiver"`
	GroupBy             []string   `yaml:"group_by"`
	ObjectMatchers      [][]string `yaml:"object_matchers"`
	Matchers            []string   `yaml:"matchers"`
	Continue            bool       `yaml:"continue"`
	GroupWait           string     `yaml:"group_wait"`
	GroupInterval       string     `yaml:"group_interval"`
	RepeatInterval      string     `yaml:"repeat_interval"`
	MuteTimeIntervals   []string   `yaml:"mute_time_intervals"`
	ActiveTimeIntervals []string   `yaml:"active_time_intervals"`
	Routes              []Route    `yaml:"routes"`
}

// Match returns the receivers a label set is routed to: the deepest matching
// child routes (siblings after a match only with continue), else the route's own.
func (r Route) Match(labels map[string]string) []string {
	var out []string
	for _, child := range r.Routes {
		if !child.matches(labels) {
			continue
		}
		out = append(out, child.Match(labels)...)
		if !child.Continue {
			break
		}
	}
	if len(out) == 0 {
		out = []string{r.Receiver}
	}
	return out
}

// matches supports the equality matchers the shipped policy uses.
func (r Route) matches(labels map[string]string) bool {
	for _, m := range r.ObjectMatchers {
		v := labels[m[0]]
		if m[1] == "=" && v != m[2] || m[1] == "!=" && v == m[2] {
			return false
		}
	}
	return true
}

var matcherOps = []string{"=", "!=", "=~", "!~"}

func (r Route) validate(root bool, receivers []string) error {
	var errs []error
	switch {
	case root && r.Receiver == "":
		errs = append(errs, errors.New("the root policy needs a receiver"))
	case r.Receiver != "" && !slices.Contains(receivers, r.Receiver):
		errs = append(errs, fmt.Errorf("receiver %q is not a provisioned contact point", r.Receiver))
	}
	if root && len(r.MuteTimeIntervals) > 0 {
		errs = append(errs, errors.New("the root policy cannot have mute timings"))
	}
	for _, m := range r.ObjectMatchers {
		if len(m) != 3 || !slices.Contains(matcherOps, m[1]) {
			errs = append(errs, fmt.Errorf("object matcher %q: want [label, op, value] with op one of %v", m, matcherOps))
		}
	}
	for _, child := range r.Routes {
		errs = append(errs, child.validate(false, receivers))
	}
	return errors.Join(errs...)
}
