package plugin

import (
	"context"
	"testing"
)

func TestIsFromAlert(t *testing.T) {
	cases := []struct {
		h    map[string]string
		want bool
	}{
		{map[string]string{"FromAlert": "true"}, true},
		{map[string]string{"Fromalert": "true"}, true},
		{map[string]string{"fromalert": "TRUE"}, true},
		{map[string]string{"http_FromAlert": "true"}, true},
		{map[string]string{"FromAlert": "false"}, false},
		{map[string]string{"FromAlert": ""}, false},
		{map[string]string{"X-Rule-Uid": "abc"}, false},
		{nil, false},
	}
	for _, c := range cases {
		if got := isFromAlert(c.h); got != c.want {
			t.Errorf("isFromAlert(%v) = %v, want %v", c.h, got, c.want)
		}
	}
	if fromAlert(context.Background()) || !fromAlert(withFromAlert(context.Background())) {
		t.Fatal("context marking does not round-trip")
	}
}
