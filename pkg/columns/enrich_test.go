package columns

import (
	"sync/atomic"
	"testing"
)

// versioned is a resolver whose version the test sets.
type versioned struct{ v uint64 }

func (r versioned) Version() uint64 { return r.v }

func TestCurrentFollowsVersions(t *testing.T) {
	var p atomic.Pointer[countryCache]
	one := current(&p, versionOf(versioned{1}))
	if again := current(&p, 1); again != one {
		t.Error("same version: want the same part")
	}
	two := current(&p, 2)
	if two == one || p.Load() != two {
		t.Error("newer version: want a new part held")
	}
	if old := current(&p, 1); old == two || p.Load() != two {
		t.Error("older version: want a part of its own, the newer one kept")
	}
	if versionOf(struct{}{}) != 0 {
		t.Error("unversioned data: want version 0")
	}
}
